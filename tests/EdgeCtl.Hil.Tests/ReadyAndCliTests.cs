using EdgeCtl.Hil.Tests.Support;
using Xunit;

namespace EdgeCtl.Hil.Tests;

public sealed class ReadyAndCliTests
{
    [Fact]
    public void ReadyLineListsEveryEndpointSpecimenAndTimeScale()
    {
        using var rig = RigProcess.Start();
        Assert.NotEqual(0, rig.Scan.Port);
        Assert.NotEqual(0, rig.GcsTcp.Port);
        Assert.NotEqual(0, rig.Control.Port);
        Assert.NotNull(rig.GcsTty);
        Assert.StartsWith("/dev/pts/", rig.GcsTty);
        Assert.Equal("synthetic", rig.Ready.GetProperty("specimen").GetString());
        Assert.Equal(["Au", "Co", "Ni"], rig.Ready.GetProperty("elements").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(1000, rig.Ready.GetProperty("time_scale").GetDouble());
    }

    [Fact]
    public void NoPtyReportsNullTtyAndCustomElementsAndSpeedup()
    {
        using var rig = RigProcess.Start("--no-pty", "--elements", "Fe,Pt", "--speedup=500");
        Assert.Null(rig.GcsTty);
        Assert.Equal(["Fe", "Pt"], rig.Ready.GetProperty("elements").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(500, rig.Ready.GetProperty("time_scale").GetDouble());
        using var control = new LineClient(rig.Control);
        Assert.Equal("OK Fe Pt", control.Control("ELEMENTS"));
    }

    [Theory]
    [InlineData("--speedup", "-1", "--speedup")]
    [InlineData("--scan-port", "70000", "--scan-port")]
    [InlineData("--specimen", "moon", "--specimen")]
    [InlineData("--elements", "Au", "--elements")]
    [InlineData("--elements", "Au,Zz", "Zz")]
    [InlineData("--frobnicate", "1", "--frobnicate")]
    [InlineData("--data-dir", "/nonexistent/shared/data", "/nonexistent/shared/data")]
    public void BadArgumentsExitWithCode2NamingTheArgument(string option, string value, string named)
    {
        var (code, stdout, stderr) = RigProcess.RunToExit(option, value, "--no-pty");
        Assert.Equal(2, code);
        Assert.DoesNotContain("READY", stdout);
        Assert.Contains(named, stderr);
    }

    [Fact]
    public void HelpPrintsUsageAndExitsZero()
    {
        var (code, stdout, _) = RigProcess.RunToExit("--help");
        Assert.Equal(0, code);
        Assert.Contains("--specimen synthetic|synthetic-highmag|replay", stdout);
        Assert.Contains("--exit-on-stdin-close", stdout);
    }
}
