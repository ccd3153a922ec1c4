using EdgeCtl.Inference.Spectroscopy;
using EdgeCtl.Tests;
using Xunit;
using Xunit.Abstractions;

namespace EdgeCtl.Inference.Tests;

public sealed class SpectroscopyRealSpectraTests(ITestOutputHelper output)
{
    private static string FePt => SharedData.File("edx-eels-hyperspy-debian", "converted", "eds_tem_FePt_nanoparticles.csv");
    private static string SrTiO3 => SharedData.File("srtio3-eels-edx-pytemlib", "converted", "eds_SrTiO3_0_SuperXG2.csv");
    private static string SiO2 => SharedData.File("sio2-haadf-edx-particlespy", "converted", "sio2_eds_sum_spectrum.csv");

    private void Print(EdxQuantification q)
    {
        foreach (var e in q.Elements)
            output.WriteLine($"{e.Element} {e.Family} ({e.Line}): I = {e.NetCounts:0} ± {e.NetCountsSigma:0}, c = {e.AtomicFraction:0.0000} ± {e.Sigma:0.0000} (CL σ {e.CliffLorimerSigma:0.0000})");
        output.WriteLine($"k = {q.LargestUncertaintyElement}, σ_tot = {q.SigmaTotal:0.0000}, offset = {q.EnergyOffsetKeV * 1000:0.0} eV, gain = {q.Gain:0.00000}, FWHM(MnKa) = {q.DetectorFwhmMnKaEv:0.0} eV, χ²/ν = {q.ReducedChiSquare:0.00}, nuisance found: {string.Join(",", q.NuisanceFound)}");
        foreach (var f in q.Families)
            output.WriteLine($"   {f.Element} {f.Subshell}: {f.NetCounts:0} ± {f.Sigma:0} ({f.Significance:0.0}σ)");
    }

    [Fact]
    public void FePt_nanoparticles_detects_Fe_Pt_Cu_and_quantifies_Fe_Pt()
    {
        using var s = SpectrumReader.Read(FePt);
        var quant = new EdxQuantifier(new EdxQuantifierOptions { ReportedElements = ["Fe", "Pt"], DetectorFwhmMnKaEv = 133.3, RefineDetectorFwhm = true });
        var det = quant.DetectElements(s, ["Fe", "Pt", "Cu", "Ni", "Ti", "Sr", "Zn"]);
        foreach (var (k, v) in det.Significance) output.WriteLine($"detect {k}: {v:0.0}σ");
        output.WriteLine($"detected: {string.Join(",", det.Detected)}; offset {det.EnergyOffsetKeV * 1000:0.0} eV gain {det.Gain:0.00000}");
        var q = quant.Quantify(s);
        Print(q);
        Assert.True(det.IsDetected("Fe") && det.IsDetected("Pt") && det.IsDetected("Cu"), $"detected: {string.Join(",", det.Detected)}");
        Assert.False(det.IsDetected("Sr") || det.IsDetected("Ni"), "Sr/Ni are absent from the FePt spectrum");
        double fe = q["Fe"].AtomicFraction, pt = q["Pt"].AtomicFraction;
        output.WriteLine($"Fe:Pt = {fe:0.000}:{pt:0.000}");
        // Broad, physically sensible band: both present, Fe a minority-to-equal constituent of a Pt-rich (core-shell) sum spectrum.
        Assert.InRange(fe, 0.03, 0.6);
        Assert.Equal(1.0, fe + pt, 9);
        Assert.InRange(q["Fe"].Sigma, 1e-4, 0.1);
        Assert.Equal(q.SigmaTotal, q[q.LargestUncertaintyElement].Sigma, 12);
    }

    [Fact]
    public void SrTiO3_detects_Sr_Ti_O_and_quantifies()
    {
        using var s = SpectrumReader.Read(SrTiO3);
        var quant = new EdxQuantifier(new EdxQuantifierOptions { ReportedElements = ["Sr", "Ti", "O"], NuisanceElements = ["C", "Cu", "Si"], RefineDetectorFwhm = true });
        var det = quant.DetectElements(s, ["Sr", "Ti", "O", "Fe", "Ni", "Pt"]);
        foreach (var (k, v) in det.Significance) output.WriteLine($"detect {k}: {v:0.0}σ");
        var q = quant.Quantify(s);
        Print(q);
        Assert.True(det.IsDetected("Sr") && det.IsDetected("Ti") && det.IsDetected("O"), $"detected: {string.Join(",", det.Detected)}");
        Assert.False(det.IsDetected("Pt") || det.IsDetected("Ni"));
        double ratio = q["Sr"].AtomicFraction / q["Ti"].AtomicFraction;
        output.WriteLine($"Sr/Ti = {ratio:0.000}");
        Assert.InRange(ratio, 0.6, 1.5);
        Assert.InRange(q["O"].AtomicFraction, 0.2, 0.8); // O K from EDX: absorption-limited, loose check
    }

    [Fact]
    public void SiO2_sum_spectrum_finds_Si_O_and_offset()
    {
        using var s = SpectrumReader.Read(SiO2);
        var quant = new EdxQuantifier(new EdxQuantifierOptions { ReportedElements = ["Si", "O"], NuisanceElements = ["C", "Cu"], RefineDetectorFwhm = true });
        var det = quant.DetectElements(s, ["Si", "O", "Fe"]);
        foreach (var (k, v) in det.Significance) output.WriteLine($"detect {k}: {v:0.0}σ");
        var q = quant.Quantify(s);
        Print(q);
        Assert.True(det.IsDetected("Si") && det.IsDetected("O"), $"detected: {string.Join(",", det.Detected)}");
        Assert.False(det.IsDetected("Fe"));
        // SOURCE.txt: peaks sit +25..+50 eV above tabulated energies. Shift at Si Ka from the fitted offset and gain:
        double shiftSiEv = (q.EnergyOffsetKeV + (q.Gain - 1) * 1.74) * 1000;
        output.WriteLine($"shift at Si Ka = {shiftSiEv:0.0} eV");
        Assert.InRange(q.EnergyOffsetKeV * 1000, 20, 55);
        Assert.InRange(shiftSiEv, 20, 55);
    }
}
