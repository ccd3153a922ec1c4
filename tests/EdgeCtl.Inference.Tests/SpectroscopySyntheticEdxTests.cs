using EdgeCtl.Inference.Spectroscopy;
using EdgeCtl.Realtime;
using Xunit;
using Xunit.Abstractions;

namespace EdgeCtl.Inference.Tests;

/// <summary>
/// Synthetic spectra generated here, independently, from docs/edx-model.md (thin film, main subshells K/L3/M5 with
/// U &gt; 1.05 and strongest line ≥ 0.2 keV, counts ∝ c·Q·ω·share, Kramers background, Fiori widths, 0.01 keV × 2048
/// channels, Poisson noise from a seeded RNG).
/// </summary>
public sealed class SpectroscopySyntheticEdxTests(ITestOutputHelper output)
{
    private const double E0 = 200, Fwhm = 130;

    internal static double[] Expected(IReadOnlyList<(string El, double C)> comp, double totalCounts, double backgroundShare)
    {
        var table = XRayLineTable.Default;
        var peaks = new double[2048];
        var bg = new double[2048];
        double zbar = 0;
        foreach (var (el, c) in comp)
        {
            var e = table[el];
            zbar += c * e.Z;
            foreach (var fam in new[] { XRayFamily.K, XRayFamily.L, XRayFamily.M })
            {
                var sub = e.Family(fam);
                if (sub is null || E0 / sub.EdgeKeV <= 1.05) continue;
                double sum = 0, strongest = 0, strongestE = 0;
                foreach (var l in sub.Lines) { sum += l.RelativeIntensity; if (l.RelativeIntensity > strongest) { strongest = l.RelativeIntensity; strongestE = l.EnergyKeV; } }
                if (strongestE < 0.2) continue;
                double u = E0 / sub.EdgeKeV;
                double q = Math.Log(u) / (u * sub.EdgeKeV * sub.EdgeKeV);
                double fam_counts = c * q * sub.FluorescenceYield;
                foreach (var l in sub.Lines)
                {
                    double share = l.RelativeIntensity / sum;
                    double fwhmEv = Math.Sqrt(Math.Max(Fwhm * Fwhm + 2.5 * (l.EnergyKeV * 1000 - 5898.7), 1));
                    double sigma = fwhmEv / 1000 / 2.3548200450309493;
                    for (int i = 0; i < 2048; i++)
                    {
                        double z = (i * 0.01 - l.EnergyKeV) / sigma;
                        if (Math.Abs(z) > 8) continue;
                        peaks[i] += fam_counts * share * 0.01 * Math.Exp(-0.5 * z * z) / (sigma * Math.Sqrt(2 * Math.PI));
                    }
                }
            }
        }
        for (int i = 1; i < 2048; i++)
        {
            double en = i * 0.01;
            bg[i] = zbar * (E0 - en) / en * (1 - Math.Exp(-Math.Pow(en / 0.6, 3))) * 0.01;
        }
        double sp = peaks.Sum(), sb = bg.Sum();
        var mu = new double[2048];
        for (int i = 0; i < 2048; i++)
            mu[i] = totalCounts * ((1 - backgroundShare) * peaks[i] / sp + backgroundShare * bg[i] / sb);
        return mu;
    }

    internal static int Poisson(Random rng, double mean)
    {
        if (mean <= 0) return 0;
        if (mean < 30)
        {
            double l = Math.Exp(-mean), p = 1;
            int k = 0;
            do { k++; p *= rng.NextDouble(); } while (p > l);
            return k - 1;
        }
        // normal approximation with continuity for large means
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        double g = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * g));
    }

    private void RecoveryCheck((string El, double C)[] truth, int seed)
    {
        var els = truth.Select(t => t.El).ToArray();
        var quant = new EdxQuantifier(new EdxQuantifierOptions { ReportedElements = els });
        var rng = new Random(seed);
        int draws = 100;
        var within = new int[els.Length];
        var values = new double[els.Length][];
        var sigmas = new double[els.Length][];
        for (int e = 0; e < els.Length; e++) { values[e] = new double[draws]; sigmas[e] = new double[draws]; }
        using var s = new Spectrum(SpectrumKind.Edx, 2048, 0.0, 0.01);
        for (int d = 0; d < draws; d++)
        {
            double seconds = 0.5 + 1.5 * rng.NextDouble();
            var mu = Expected(truth, 3000 * seconds, 0.4);
            var counts = s.Counts;
            for (int i = 0; i < 2048; i++) counts[i] = Poisson(rng, mu[i]);
            var q = quant.Quantify(s);
            for (int e = 0; e < els.Length; e++)
            {
                var r = q[els[e]];
                values[e][d] = r.AtomicFraction;
                sigmas[e][d] = r.CliffLorimerSigma;
                if (Math.Abs(r.AtomicFraction - truth[e].C) <= 3 * r.Sigma) within[e]++;
            }
        }
        for (int e = 0; e < els.Length; e++)
        {
            double mean = values[e].Average();
            double sd = Math.Sqrt(values[e].Select(v => (v - mean) * (v - mean)).Sum() / (draws - 1));
            double rms = Math.Sqrt(sigmas[e].Select(v => v * v).Average());
            output.WriteLine($"{els[e]}: truth {truth[e].C:0.000}, mean {mean:0.0000}, spread {sd:0.0000}, reported σ (rms) {rms:0.0000}, ratio {rms / sd:0.00}, within 3σ {within[e]}/{draws}");
            Assert.True(within[e] >= 95, $"{els[e]}: only {within[e]}/{draws} draws within 3σ");
            Assert.InRange(rms / sd, 1 / 1.5, 1.5);
        }
    }

    [Fact]
    public void Au_Co_Ni_fractions_recovered_with_consistent_sigma() =>
        RecoveryCheck([("Au", 0.2), ("Co", 0.3), ("Ni", 0.5)], 12345);

    [Fact]
    public void Two_element_Fe_Pt_recovered_with_consistent_sigma() =>
        RecoveryCheck([("Fe", 0.5), ("Pt", 0.5)], 777);

    [Fact]
    public void Calibration_offset_is_recovered_on_a_shifted_spectrum()
    {
        // shift the synthetic axis by +40 eV: counts generated on E_true, labelled E_true + 0.04
        var mu = Expected([("Au", 0.3), ("Co", 0.3), ("Ni", 0.4)], 200000, 0.4);
        var rng = new Random(5);
        using var s = new Spectrum(SpectrumKind.Edx, 2048, 0.04, 0.01);
        for (int i = 0; i < 2048; i++) s.Counts[i] = Poisson(rng, mu[i]);
        var q = new EdxQuantifier(new EdxQuantifierOptions { ReportedElements = ["Au", "Co", "Ni"] }).Quantify(s);
        output.WriteLine($"offset {q.EnergyOffsetKeV * 1000:0.0} eV gain {q.Gain:0.00000}");
        Assert.InRange(q.EnergyOffsetKeV, 0.035, 0.045);
        Assert.InRange(q.Gain, 0.999, 1.001);
    }
}

public sealed class SpectroscopyFitAllocationTests
{
    [Fact]
    public void Steady_state_fit_allocates_nothing()
    {
        var quant = new EdxQuantifier(new EdxQuantifierOptions { ReportedElements = ["Au", "Co", "Ni"] });
        using var s = new Spectrum(SpectrumKind.Edx, 2048, 0.0, 0.01);
        var mu = SpectroscopySyntheticEdxTests.Expected([("Au", 0.3), ("Co", 0.3), ("Ni", 0.4)], 5000, 0.4);
        var rng = new Random(9);
        for (int i = 0; i < 2048; i++) s.Counts[i] = SpectroscopySyntheticEdxTests.Poisson(rng, mu[i]);
        var fitter = quant.FitterFor(["Au", "Co", "Ni", "C", "O", "Cu", "Si"], s);
        fitter.Fit(s.Counts); // warm-up (JIT, tiered compilation)
        fitter.Fit(s.Counts);
        long before = GC.GetAllocatedBytesForCurrentThread();
        fitter.Fit(s.Counts);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(fitter.Evaluations > 65);
        Assert.Same(fitter, quant.FitterFor(["Au", "Co", "Ni", "C", "O", "Cu", "Si"], s));
    }
}
