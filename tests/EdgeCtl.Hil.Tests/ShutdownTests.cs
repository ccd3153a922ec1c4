using System.Runtime.InteropServices;
using EdgeCtl.Hil.Tests.Support;
using Xunit;

namespace EdgeCtl.Hil.Tests;

public sealed partial class ShutdownTests
{
    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    private const int SIGINT = 2, SIGTERM = 15;

    [Fact]
    public void ClosingStdinStopsTheRigWithExitCode0()
    {
        using var rig = RigProcess.Start("--no-pty");
        rig.CloseStdin();
        Assert.Equal(0, rig.WaitForExit());
        Assert.Contains("shutting down (stdin closed)", rig.Stderr);
    }

    [Theory]
    [InlineData(SIGTERM, "SIGTERM")]
    [InlineData(SIGINT, "SIGINT")]
    public void SignalsStopTheRigWithExitCode0(int signal, string name)
    {
        using var rig = RigProcess.Start();
        using (var scan = new ScanClient(rig.Scan)) scan.DoHello(); // a served connection must not block shutdown
        using var open = new ScanClient(rig.Scan);
        open.DoHello();
        Assert.Equal(0, kill(rig.ProcessId, signal));
        Assert.Equal(0, rig.WaitForExit());
        Assert.Contains($"shutting down ({name})", rig.Stderr);
        Assert.True(open.IsClosedByServer());
    }
}
