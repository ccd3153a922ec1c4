using EdgeCtl.Inference.Spectroscopy;
using EdgeCtl.Realtime;
using Xunit;
using Xunit.Abstractions;

namespace EdgeCtl.Inference.Tests;

/// <summary>EELS spectra built here per docs/rig.md: 400 + 0.5 i eV, i = 0..1023; background 2000·t·(E/400)^−3 per
/// channel; Gaussian at 650 eV (σ 5 eV) with area y·B, B = expected background summed over 630–670 eV; Poisson counts.</summary>
public sealed class SpectroscopyEelsTests(ITestOutputHelper output)
{
    private static Spectrum RigSpectrum(double y, double seconds, Random rng, double start = 400.0, int channels = 1024)
    {
        var s = new Spectrum(SpectrumKind.Eels, channels, start, 0.5);
        double a = 2000 * seconds, b = 0;
        for (int i = 0; i < 1024; i++)
        {
            double e = 400.0 + 0.5 * i;
            if (e >= 630 && e <= 670) b += a * Math.Pow(e / 400, -3);
        }
        for (int i = 0; i < channels; i++)
        {
            double e = start + 0.5 * i;
            double mu = a * Math.Pow(e / 400, -3) + y * b * 0.5 * Math.Exp(-0.5 * Math.Pow((e - 650) / 5, 2)) / (5 * Math.Sqrt(2 * Math.PI));
            s.Counts[i] = SpectroscopySyntheticEdxTests.Poisson(rng, mu);
        }
        return s;
    }

    [Fact]
    public void Known_target_is_recovered_within_3_sigma_and_sigma_matches_spread()
    {
        var rng = new Random(42);
        const double y = 0.35;
        int draws = 200, within = 0;
        var values = new double[draws];
        double sumVar = 0;
        for (int d = 0; d < draws; d++)
        {
            using var s = RigSpectrum(y, 1.0, rng);
            var f = EelsTargetFeature.Extract(s);
            values[d] = f.Value;
            sumVar += f.Sigma * f.Sigma;
            if (Math.Abs(f.Value - y) <= 3 * f.Sigma) within++;
            if (d == 0) Assert.InRange(f.Exponent, 2.5, 3.5);
        }
        double mean = values.Average();
        double sd = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Sum() / (draws - 1));
        double rms = Math.Sqrt(sumVar / draws);
        output.WriteLine($"y = {y}: mean {mean:0.0000}, spread {sd:0.0000}, reported σ {rms:0.0000}, within 3σ {within}/{draws}");
        Assert.True(within >= 0.95 * draws);
        Assert.InRange(rms / sd, 1 / 1.5, 1.5);
        Assert.InRange(mean, y - 3 * sd / Math.Sqrt(draws) - 0.01, y + 3 * sd / Math.Sqrt(draws) + 0.01);
    }

    [Fact]
    public void Off_particle_spectrum_gives_zero_within_sigma()
    {
        using var s = RigSpectrum(0.0, 1.0, new Random(7));
        var f = EelsTargetFeature.Extract(s);
        Assert.True(Math.Abs(f.Value) <= 3 * f.Sigma, $"{f.Value} ± {f.Sigma}");
    }

    [Fact]
    public void Spectrum_missing_the_windows_is_a_clear_error()
    {
        using var s = RigSpectrum(0.3, 1.0, new Random(1), start: 400.0, channels: 500); // 400–649.5 eV
        var ex = Assert.Throws<ArgumentException>(() => EelsTargetFeature.Extract(s));
        Assert.Contains("670", ex.Message);
        using var edx = new Spectrum(SpectrumKind.Edx, 100, 0, 0.01);
        Assert.Throws<ArgumentException>(() => EelsTargetFeature.Extract(edx));
    }
}
