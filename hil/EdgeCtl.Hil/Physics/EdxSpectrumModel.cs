using EdgeCtl.Realtime;
using EdgeCtl.Hil.Numerics;

namespace EdgeCtl.Hil.Physics;

/// <summary>
/// Forward model of an EDX spectrum (docs/edx-model.md): thin film, no absorption, detector
/// efficiency 1, on the rig's axis of <see cref="Channels"/> channels of <see cref="ScaleKeV"/> keV
/// from 0 keV. Characteristic counts of family F of element Z are N0·t·c_Z·Q·ω shared among the
/// subshell's lines; each line is a Gaussian of FWHM(E) = sqrt(130² + 2.5·(E − 5898.7)) eV (Fiori &amp;
/// Newbury) integrated over each channel; bremsstrahlung (Kramers) is
/// b·Z̄·(E0 − E)/E counts per keV per unit N0·t, cut at low energy by 1 − exp(−(E/0.6 keV)³).
/// <para>
/// Calibration (documented in docs/rig.md): N0 is fixed so that the reference particle — equimolar
/// Au–Co–Ni, radius 20 nm, projected thickness t = 2r = 40 nm — records
/// <see cref="ReferenceCountsPerSecond"/> characteristic counts per second on the axis; counts then
/// scale with t (∝ r) and composition. b = <see cref="BremsstrahlungFactor"/> gives that particle a
/// Co Kα peak-to-background of about 50.
/// </para>
/// Templates are built once; acquisitions only add scaled templates (no allocation).
/// </summary>
public sealed class EdxSpectrumModel
{
    /// <summary>Channels of the EDX axis.</summary>
    public const int Channels = 2048;
    /// <summary>Energy of channel 0 (its centre), keV.</summary>
    public const double OffsetKeV = 0;
    /// <summary>Channel width, keV.</summary>
    public const double ScaleKeV = 0.01;
    /// <summary>Nominal detector resolution at Mn Kα, eV.</summary>
    public const double FwhmMnKaEv = 130;
    /// <summary>Kramers constant b (counts per keV per unit N0·t per unit Z).</summary>
    public const double BremsstrahlungFactor = 2.5e-8;
    /// <summary>Low-energy window cut-off energy, keV.</summary>
    public const double WindowCutoffKeV = 0.6;
    /// <summary>Characteristic counts per second of the reference particle.</summary>
    public const double ReferenceCountsPerSecond = 3000;
    /// <summary>Projected thickness of the reference particle (2 × 20 nm), nm.</summary>
    public const double ReferenceThicknessNm = 40;

    private static readonly string[] ReferenceElements = ["Au", "Co", "Ni"];

    private readonly double[] _bremsstrahlung;

    /// <summary>Builds the model and calibrates N0 on the reference particle.</summary>
    /// <exception cref="Cli.RigUsageException">A reference element is missing from the table.</exception>
    public EdxSpectrumModel(XrayLineTable table)
    {
        Table = table;
        double referencePerUnit = 0;
        foreach (string symbol in ReferenceElements)
            referencePerUnit += RecordedCharacteristicPerUnit(table.Get(symbol)) / ReferenceElements.Length;
        CountsPerSecondPerNm = ReferenceCountsPerSecond / (ReferenceThicknessNm * referencePerUnit);

        _bremsstrahlung = new double[Channels];
        double e0 = table.BeamEnergyKeV;
        for (int i = 0; i < Channels; i++)
        {
            double e = OffsetKeV + i * ScaleKeV;
            if (e <= 0 || e >= e0) continue;
            double cut = 1 - Math.Exp(-Math.Pow(e / WindowCutoffKeV, 3));
            _bremsstrahlung[i] = CountsPerSecondPerNm * BremsstrahlungFactor * (e0 - e) / e * cut * ScaleKeV;
        }
    }

    /// <summary>The line table the model uses.</summary>
    public XrayLineTable Table { get; }

    /// <summary>N0 of docs/edx-model.md in counts per second per nm of projected thickness per unit Q·ω.</summary>
    public double CountsPerSecondPerNm { get; }

    /// <summary>
    /// Expected characteristic counts per channel of <paramref name="element"/> for 1 nm of
    /// projected thickness, fraction 1, 1 s (length <see cref="Channels"/>). Built once per element.
    /// </summary>
    public double[] BuildCharacteristicTemplate(XrayElement element)
    {
        var template = new double[Channels];
        foreach (var family in element.Families)
        {
            double familyCounts = CountsPerSecondPerNm * family.Sensitivity;
            foreach (var line in family.Lines)
                AddGaussianLine(template, line.EnergyKeV, familyCounts * line.Share);
        }
        return template;
    }

    /// <summary>Adds <paramref name="scale"/> × template to <paramref name="expected"/>.</summary>
    public static void AddScaled(Span<double> expected, ReadOnlySpan<double> template, double scale)
    {
        for (int i = 0; i < expected.Length; i++) expected[i] += scale * template[i];
    }

    /// <summary>
    /// Adds the Kramers bremsstrahlung of <paramref name="zNmSeconds"/> = Σ over layers of
    /// (mean Z × projected thickness in nm) × seconds.
    /// </summary>
    public void AddBremsstrahlung(Span<double> expected, double zNmSeconds) =>
        AddScaled(expected, _bremsstrahlung, zNmSeconds);

    /// <summary>Draws Poisson counts for every channel of <paramref name="expected"/>.</summary>
    public static void SampleCounts(ReadOnlySpan<double> expected, Span<uint> counts, Xoshiro256 rng)
    {
        for (int i = 0; i < counts.Length; i++)
            counts[i] = (uint)Math.Min(uint.MaxValue, Sampling.Poisson(rng, expected[i]));
    }

    /// <summary>FWHM of the detector response at <paramref name="energyKeV"/>, keV (Fiori &amp; Newbury).</summary>
    public static double FwhmKeV(double energyKeV)
    {
        double fwhmEvSquared = FwhmMnKaEv * FwhmMnKaEv + 2.5 * (energyKeV * 1000 - 5898.7);
        return Math.Sqrt(Math.Max(fwhmEvSquared, 1)) / 1000;
    }

    /// <summary>Adds a line of <paramref name="counts"/> total counts at <paramref name="energyKeV"/>,
    /// integrated over each channel (channel i spans E_i ± scale/2); counts outside the axis are lost.</summary>
    public static void AddGaussianLine(Span<double> expected, double energyKeV, double counts)
    {
        double sigma = FwhmKeV(energyKeV) / (2 * Math.Sqrt(2 * Math.Log(2)));
        int first = Math.Max(0, (int)Math.Floor((energyKeV - 6 * sigma - OffsetKeV) / ScaleKeV));
        int last = Math.Min(expected.Length - 1, (int)Math.Ceiling((energyKeV + 6 * sigma - OffsetKeV) / ScaleKeV));
        for (int i = first; i <= last; i++)
        {
            double lo = OffsetKeV + (i - 0.5) * ScaleKeV, hi = lo + ScaleKeV;
            expected[i] += counts * (SpecialFunctions.NormalCdf((hi - energyKeV) / sigma) - SpecialFunctions.NormalCdf((lo - energyKeV) / sigma));
        }
    }

    /// <summary>Σ_F s_F × (share of the family's lines that land on the axis), per unit N0·t.</summary>
    private static double RecordedCharacteristicPerUnit(XrayElement element)
    {
        double top = OffsetKeV + (Channels - 0.5) * ScaleKeV;
        double sum = 0;
        foreach (var family in element.Families)
            foreach (var line in family.Lines)
                if (line.EnergyKeV < top) sum += family.Sensitivity * line.Share;
        return sum;
    }
}
