using System.Net.Sockets;
using System.Text;
using Xunit;

namespace EdgeCtl.Hil.Tests.EndToEnd;

/// <summary><c>edgectl run</c> under systemd's notify protocol: READY=1 once connected, WATCHDOG=1 while running, STOPPING=1 at the end.</summary>
[Collection("end-to-end")]
public sealed class SystemdEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgectl-notify-").FullName;

    [Fact]
    public void Service_notifies_ready_watchdog_and_stopping()
    {
        var path = Path.Combine(_dir, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        using var rig = new RigProcess("--specimen", "synthetic", "--seed", "4", "--speedup", "200");
        using var run = new ChildProcess(Published.Edgectl, ["run", "--campaign-id", "e2e-notify", "--iterations", "12", "--seed", "4",
            "--scan", rig.Scan, "--stage", $"tcp://{rig.GcsTcp}", "--rig-control", rig.Control, "--no-mqtt", "--runs-dir", _dir],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = path, ["WATCHDOG_USEC"] = "200000" });
        var seen = new List<string>();
        var buffer = new byte[4096];
        socket.ReceiveTimeout = 500;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline && !seen.Any(m => m.Contains("STOPPING=1")))
        {
            try { seen.Add(Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer))); }
            catch (SocketException) when (!run.HasExited) { }
            catch (SocketException) { break; }
        }
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromMinutes(1)));
        int ready = seen.FindIndex(m => m.Split('\n').Contains("READY=1"));
        Assert.True(ready >= 0, "no READY=1 in: " + string.Join(" | ", seen));
        Assert.Contains(seen, m => m.Split('\n').Contains("WATCHDOG=1"));
        Assert.Contains(seen, m => m.StartsWith("STATUS=", StringComparison.Ordinal));
        Assert.True(seen.FindIndex(m => m.Contains("STOPPING=1")) > ready);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
