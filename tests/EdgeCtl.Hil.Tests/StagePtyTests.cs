using EdgeCtl.Hil.Tests.Support;
using Xunit;

namespace EdgeCtl.Hil.Tests;

public sealed class StagePtyTests
{
    [Fact]
    public void GcsOverThePseudoTerminalSharesStateWithTcp()
    {
        using var rig = RigProcess.Start("--speedup", "20");
        Assert.True(File.Exists(rig.GcsTty), $"pty {rig.GcsTty} does not exist");
        using var pty = new PtyClient(rig.GcsTty!);
        using var tcp = new LineClient(rig.GcsTcp);

        Assert.Equal("EdgeCtl HIL stage, model E-727 emulation, SN 0001, FW 1.0\n", pty.Query("*IDN?"));
        Assert.Equal("1=0.000000 \n2=0.000000\n", pty.Query("TMN?"));
        pty.Send("VEL 1 1 2 1"); // a slow move, so #5 surely sees it moving
        pty.Send("MOV 1 10 2 290");
        Assert.Equal("0\n", pty.Query("ERR?"));
        pty.Write([0x05]); // #5 arrives without LF
        Assert.Equal("3\n", pty.ReadLine());
        pty.Send("VEL 1 100 2 100");
        pty.Send("MOV 1 10 2 290");
        Gcs.WaitOnTarget(pty.Query);
        Assert.Equal("1=10.000000 \n2=290.000000\n", pty.Query("POS?"));
        Assert.Equal("1=10.000000 \n2=290.000000\n", tcp.Query("POS?"));

        tcp.Send("MOV 1 400");
        tcp.Query("*IDN?"); // round trip: the MOV has been executed
        Assert.Equal("7\n", pty.Query("ERR?")); // one controller, one error register
    }
}
