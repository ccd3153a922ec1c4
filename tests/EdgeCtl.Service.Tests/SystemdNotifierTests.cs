using Xunit;
using System.Net.Sockets;
using System.Text;
using EdgeCtl.Service.Systemd;

namespace EdgeCtl.Service.Tests;

/// <summary>sd_notify(3) datagrams received on a real AF_UNIX datagram socket bound by the test.</summary>
public sealed class SystemdNotifierTests
{
    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        socket.ReceiveTimeout = 30_000;
        var n = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    [Fact]
    public void Sends_ready_watchdog_status_and_stopping_to_a_path_socket()
    {
        var dir = Directory.CreateTempSubdirectory("edgectl-notify-");
        try
        {
            var path = Path.Combine(dir.FullName, "notify");
            using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            server.Bind(new UnixDomainSocketEndPoint(path));

            using var notifier = new SystemdNotifier(path, "30000000");
            Assert.True(notifier.IsEnabled);
            Assert.Equal(TimeSpan.FromSeconds(15), notifier.WatchdogInterval);

            Assert.True(notifier.Ready());
            Assert.Equal("READY=1", Receive(server));
            Assert.True(notifier.Watchdog());
            Assert.Equal("WATCHDOG=1", Receive(server));
            Assert.True(notifier.Status("iteration 3/150\nregion r2"));
            Assert.Equal("STATUS=iteration 3/150 region r2", Receive(server));
            Assert.True(notifier.Stopping());
            Assert.Equal("STOPPING=1", Receive(server));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Sends_to_an_abstract_socket_named_with_at()
    {
        var name = "edgectl-test-" + Guid.NewGuid().ToString("N");
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint("\0" + name));

        using var notifier = new SystemdNotifier("@" + name, null);
        Assert.Null(notifier.WatchdogInterval);
        Assert.True(notifier.Ready());
        Assert.Equal("READY=1", Receive(server));
    }

    [Fact]
    public void Is_a_no_op_without_notify_socket_and_reports_a_missing_socket()
    {
        using var off = new SystemdNotifier(null, null);
        Assert.False(off.IsEnabled);
        Assert.False(off.Ready());
        Assert.Null(off.WatchdogInterval);

        using var relative = new SystemdNotifier("relative/path", "1000");
        Assert.False(relative.IsEnabled);

        using var missing = new SystemdNotifier("/nonexistent/edgectl-notify", null);
        Assert.True(missing.IsEnabled);
        Assert.False(missing.Ready());
    }

    [Fact]
    public void Watchdog_meant_for_another_pid_is_ignored()
    {
        using var other = new SystemdNotifier("@x", "2000000", (Environment.ProcessId + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(other.WatchdogInterval);
        using var mine = new SystemdNotifier("@x", "2000000", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromSeconds(1), mine.WatchdogInterval);
    }
}
