using System.Globalization;
using EdgeCtl.Hil.Tests.Support;
using Xunit;

namespace EdgeCtl.Hil.Tests;

/// <summary>The clock advances by what the instrument does, in instrument seconds (docs/rig.md).</summary>
public sealed class VirtualClockTests
{
    private static double Clock(LineClient control)
    {
        string a = control.Control("CLOCK");
        Assert.StartsWith("OK ", a);
        return double.Parse(a[3..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public void RetuneSpectrumAndImageCostTheirDurationPlusOverhead()
    {
        using var rig = RigProcess.Start("--no-pty");
        using var scan = new ScanClient(rig.Scan);
        using var control = new LineClient(rig.Control);

        double t0 = scan.DoHello().Seconds;
        double t1 = scan.DoRetune();
        Assert.Equal(5.02, t1 - t0, 9);

        var edx = scan.DoSpectrum(1, 0, 0, 10);
        Assert.Equal(10.02, edx.InstrumentSeconds - t1, 9);
        Assert.Equal(10, edx.LiveSeconds);

        var image = scan.DoImage(0, 200, 100, 5, 30); // 200·100·5 µs = 0.1 s
        Assert.Equal(0.12, image.EndSeconds - edx.InstrumentSeconds, 9);

        Assert.Equal(image.EndSeconds, Clock(control), 9); // control commands cost nothing

        Assert.Throws<ScanErrorReply>(() => scan.DoImage(0, 0, 10, 5, 30));      // refused while decoding (3)
        Assert.Throws<ScanErrorReply>(() => scan.DoSpectrum(1, 20_000, 0, 1));   // refused by the instrument (2)
        Assert.Equal(image.EndSeconds + 0.04, Clock(control), 9);               // each still cost the overhead
    }

    [Fact]
    public void OverheadAndRetuneAreConfigurable()
    {
        using var rig = RigProcess.Start("--no-pty", "--overhead-ms", "30", "--retune-s", "2");
        using var scan = new ScanClient(rig.Scan);
        double t0 = scan.DoStatus().Seconds;
        Assert.Equal(2.03, scan.DoRetune() - t0, 9);
    }

    [Fact]
    public void StageMotionCostsDistanceOverSpeedInInstrumentTime()
    {
        using var rig = RigProcess.Start("--no-pty", "--stage-speed-um-s", "10");
        using var gcs = new LineClient(rig.GcsTcp);
        using var control = new LineClient(rig.Control);
        double before = Clock(control);
        gcs.Send("MOV 1 180 2 190"); // 50 µm at 10 µm/s = 5 s
        Gcs.WaitOnTarget(gcs.Query);
        double after = Clock(control);
        Assert.InRange(after - before, 5.0, 5.0 + 0.5); // the motion plus a few command overheads
    }
}
