using BenchmarkDotNet.Attributes;
using EdgeCtl.Inference.Spectroscopy;
using EdgeCtl.Realtime;

namespace EdgeCtl.Benchmarks;

/// <summary>
/// One <see cref="EdxSpectrumFitter.Fit"/> (background + line families, NNLS, offset/gain search, Poisson
/// re-weighting) of a 2048-channel, 0.01 keV/channel EDX spectrum with Au, Co, Ni reported and C, O, Cu, Si as
/// nuisance elements; the fitter comes from <see cref="EdxQuantifier.FitterFor"/> (target: 0 B allocated).
/// </summary>
[MemoryDiagnoser]
public class EdxFitBenchmarks
{
    private const int Channels = 2048;
    private const double ScaleKeV = 0.01, E0 = 200, FwhmEv = 130;
    private static readonly string[] Reported = ["Au", "Co", "Ni"];
    private static readonly string[] Fitted = ["Au", "Co", "Ni", "C", "O", "Cu", "Si"];

    private EdxSpectrumFitter _fitter = null!;
    private double[] _counts = null!;

    [GlobalSetup]
    public void Setup()
    {
        var quantifier = new EdxQuantifier(new EdxQuantifierOptions { ReportedElements = Reported });
        using var spectrum = new Spectrum(SpectrumKind.Edx, Channels, 0.0, ScaleKeV);
        Synthesize(spectrum.Counts, [("Au", 0.25), ("Co", 0.30), ("Ni", 0.30), ("C", 0.08), ("O", 0.04), ("Cu", 0.02), ("Si", 0.01)],
            totalCounts: 200_000, backgroundShare: 0.35, seed: 20261121);
        _counts = spectrum.Counts.ToArray();
        _fitter = quantifier.FitterFor(Fitted, spectrum);
        _fitter.Fit(_counts);
    }

    [Benchmark]
    public double Fit()
    {
        _fitter.Fit(_counts);
        return _fitter.ChiSquare;
    }

    /// <summary>
    /// Thin-film spectrum (docs/edx-model.md): per excited main subshell (U &gt; 1.05) counts ∝ c·Q(U)·ω split over its
    /// lines, Gaussian lines with Fiori widths, a Kramers background with low-energy cut-off, Poisson noise from a
    /// seeded <see cref="Random"/> (deterministic).
    /// </summary>
    private static void Synthesize(Span<double> counts, (string El, double C)[] composition, double totalCounts, double backgroundShare, int seed)
    {
        var table = XRayLineTable.Default;
        var peaks = new double[counts.Length];
        double zbar = 0;
        foreach (var (el, c) in composition)
        {
            var element = table[el];
            zbar += c * element.Z;
            foreach (var family in (ReadOnlySpan<XRayFamily>)[XRayFamily.K, XRayFamily.L, XRayFamily.M])
            {
                var sub = element.Family(family);
                if (sub is null || E0 / sub.EdgeKeV <= 1.05 || sub.StrongestLine.EnergyKeV < 0.2) continue;
                double u = E0 / sub.EdgeKeV, q = Math.Log(u) / (u * sub.EdgeKeV * sub.EdgeKeV), sum = 0;
                foreach (var l in sub.Lines) sum += l.RelativeIntensity;
                foreach (var l in sub.Lines)
                {
                    double sigma = Math.Sqrt(Math.Max(FwhmEv * FwhmEv + 2.5 * (l.EnergyKeV * 1000 - 5898.7), 1)) / 1000 / 2.3548200450309493;
                    double area = c * q * sub.FluorescenceYield * l.RelativeIntensity / sum;
                    for (int i = 0; i < counts.Length; i++)
                    {
                        double z = (i * ScaleKeV - l.EnergyKeV) / sigma;
                        if (Math.Abs(z) < 8) peaks[i] += area * ScaleKeV * Math.Exp(-0.5 * z * z) / (sigma * Math.Sqrt(2 * Math.PI));
                    }
                }
            }
        }
        var bg = new double[counts.Length];
        for (int i = 1; i < counts.Length; i++)
        {
            double e = i * ScaleKeV;
            bg[i] = zbar * (E0 - e) / e * (1 - Math.Exp(-Math.Pow(e / 0.6, 3)));
        }
        double sp = 0, sb = 0;
        for (int i = 0; i < counts.Length; i++) { sp += peaks[i]; sb += bg[i]; }
        var rng = new Random(seed);
        for (int i = 0; i < counts.Length; i++)
        {
            double mean = totalCounts * ((1 - backgroundShare) * peaks[i] / sp + backgroundShare * bg[i] / sb);
            counts[i] = Poisson(rng, mean);
        }
    }

    private static int Poisson(Random rng, double mean)
    {
        if (mean <= 0) return 0;
        if (mean < 30)
        {
            double limit = Math.Exp(-mean), p = 1;
            int k = 0;
            do { k++; p *= rng.NextDouble(); } while (p > limit);
            return k - 1;
        }
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)));
    }
}
