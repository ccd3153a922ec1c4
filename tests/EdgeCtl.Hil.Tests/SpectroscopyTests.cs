using System.Globalization;
using EdgeCtl.Hil.Tests.Support;
using Xunit;

namespace EdgeCtl.Hil.Tests;

/// <summary>EDX and EELS at particles of the synthetic specimen, checked against the ground truth.</summary>
public sealed class SpectroscopyTests : IDisposable
{
    // Main lines (keV, xraydb): Au Mα, Au Lα1, Co Kα1, Ni Kα1; support film C Kα; grid Cu Kα1.
    private const double AuMa = 2.1184, AuLa = 9.713, CoKa = 6.9309, NiKa = 7.4803, CKa = 0.277, CuKa = 8.0463;

    private readonly RigProcess _rig = RigProcess.Start("--no-pty", "--seed", "11");
    private readonly ScanClient _scan;
    private readonly LineClient _control;
    private readonly List<TruthParticle> _truth;

    public SpectroscopyTests()
    {
        _scan = new ScanClient(_rig.Scan);
        _control = new LineClient(_rig.Control);
        _truth = SyntheticField.ParticlesInFov(_control);
    }

    public void Dispose()
    {
        _scan.Dispose();
        _control.Dispose();
        _rig.Dispose();
    }

    private static (double X, double Y) ProbeNm(double xUm, double yUm) =>
        ((xUm - SyntheticField.CentreUm) * 1000, (yUm - SyntheticField.CentreUm) * 1000);

    /// <summary>Net counts of a line (window ±80 eV) above the mean of flanks 200–350 eV away, and its Poisson σ.</summary>
    private static (double Net, double Sigma) Line(ReceivedSpectrum s, double e)
    {
        double window = s.Sum(e - 0.08, e + 0.08);
        double flank = (s.Sum(e - 0.35, e - 0.2) + s.Sum(e + 0.2, e + 0.35)) / 2;
        double bg = flank * (0.165 / 0.155);
        return (window - bg, Math.Sqrt(window + bg + 1));
    }

    /// <summary>A point at least 1 µm away from every particle in the FoV.</summary>
    private (double X, double Y) EmptySpot()
    {
        for (double dx = -10; dx <= 10; dx += 0.5)
            for (double dy = -10; dy <= 10; dy += 0.5)
            {
                double x = SyntheticField.CentreUm + dx, y = SyntheticField.CentreUm + dy;
                if (_truth.All(p => Math.Pow(p.XUm - x, 2) + Math.Pow(p.YUm - y, 2) > 1)) return (x, y);
            }
        throw new InvalidOperationException("no empty spot in the FoV");
    }

    [Fact]
    public void EdxOnAParticleShowsItsElementsAtTheirLineEnergies()
    {
        var particle = _truth.MaxBy(p => p.RadiusNm)!;
        var (x, y) = ProbeNm(particle.XUm, particle.YUm);
        var s = _scan.DoSpectrum(1, x, y, 10);
        Assert.Equal(2048, s.Counts.Length);
        Assert.Equal(0, s.Offset);
        Assert.Equal(0.01, s.Scale, 12);

        double[] lines = [AuLa, CoKa, NiKa];
        for (int el = 0; el < 3; el++)
        {
            var (net, sigma) = Line(s, lines[el]);
            if (particle.Composition[el] >= 0.2)
                Assert.True(net > 5 * sigma, $"element {el} (c = {particle.Composition[el]:F2}) line at {lines[el]} keV: net {net:F0} ± {sigma:F0}");
        }
        if (particle.Composition[0] >= 0.2) Assert.True(Line(s, AuMa).Net > 5 * Line(s, AuMa).Sigma, "Au Mα missing");
        Assert.True(Line(s, CKa).Net > 5 * Line(s, CKa).Sigma, "support film C K missing");

        // Characteristic counts scale with the particle: ~3000/s at r = 20 nm (docs/rig.md).
        var (ex, ey) = EmptySpot();
        var off = _scan.DoSpectrum(1, (ex - SyntheticField.CentreUm) * 1000, (ey - SyntheticField.CentreUm) * 1000, 10);
        double excess = s.Counts.Sum(c => (double)c) - off.Counts.Sum(c => (double)c);
        Assert.InRange(excess / 10, 500 * particle.RadiusNm / 20, 20_000 * particle.RadiusNm / 20);
    }

    [Fact]
    public void EdxOffParticlesShowsOnlyFilmGridAndBremsstrahlung()
    {
        var (x, y) = EmptySpot();
        var s = _scan.DoSpectrum(1, (x - SyntheticField.CentreUm) * 1000, (y - SyntheticField.CentreUm) * 1000, 10);
        foreach (double e in new[] { AuLa, CoKa, NiKa, AuMa })
        {
            var (net, sigma) = Line(s, e);
            Assert.True(net < 4 * sigma, $"unexpected peak at {e} keV off particles: net {net:F0} ± {sigma:F0}");
        }
        Assert.True(Line(s, CKa).Net > 5 * Line(s, CKa).Sigma, "support film C K missing");
        Assert.True(Line(s, CuKa).Net > 5 * Line(s, CuKa).Sigma, "grid Cu Kα missing");
    }

    [Fact]
    public void EelsEncodesTheHiddenTargetOfTheParticleUnderTheProbe()
    {
        foreach (var particle in _truth.OrderByDescending(p => p.RadiusNm).Take(3))
        {
            string answer = _control.Control("TARGET " + string.Join(' ', particle.Composition.Select(c => c.ToString("R", CultureInfo.InvariantCulture))));
            Assert.StartsWith("OK ", answer);
            double expected = double.Parse(answer[3..], CultureInfo.InvariantCulture);
            var (x, y) = ProbeNm(particle.XUm, particle.YUm);
            var s = _scan.DoSpectrum(2, x, y, 1);
            Assert.Equal(1024, s.Counts.Length);
            Assert.Equal(400, s.Offset);
            Assert.Equal(0.5, s.Scale);
            double estimate = EelsEstimate.TargetValue(s);
            Assert.True(Math.Abs(estimate - expected) < 0.03 + 0.05 * expected, $"EELS estimate {estimate:F4}, TARGET {expected:F4}");
        }
        var (ex, ey) = EmptySpot();
        var offParticle = _scan.DoSpectrum(2, (ex - SyntheticField.CentreUm) * 1000, (ey - SyntheticField.CentreUm) * 1000, 1);
        Assert.InRange(EelsEstimate.TargetValue(offParticle), -0.03, 0.03);
    }

    [Fact]
    public void TargetAnswersSeveralCompositionsAndRejectsWrongLengths()
    {
        string answer = _control.Control("TARGET 1 0 0 ; 0.2 0.3 0.5");
        var values = answer[3..].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, values.Length);
        Assert.All(values, v => Assert.True(v >= 0 && v <= 10));
        Assert.StartsWith("ERR", _control.Control("TARGET 0.5 0.5"));
        Assert.StartsWith("ERR", _control.Control("TARGET 0.5 x 0.5"));
    }

    [Fact]
    public void BlankedBeamGivesSpectraWithoutCharacteristicCounts()
    {
        var particle = _truth.MaxBy(p => p.RadiusNm)!;
        var (x, y) = ProbeNm(particle.XUm, particle.YUm);
        Assert.Equal("OK", _control.Control("GPIO SET beam_blank 1"));
        var edx = _scan.DoSpectrum(1, x, y, 10);
        Assert.True(edx.Counts.Sum(c => (double)c) < 200, "blanked EDX must hold only detector noise");
        var eels = _scan.DoSpectrum(2, x, y, 1);
        Assert.True(eels.Counts.Sum(c => (double)c) < 1024 * 0.05 * 1 + 200, "blanked EELS must hold only camera noise");
    }
}
