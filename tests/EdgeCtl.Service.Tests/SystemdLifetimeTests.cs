using System.Net.Sockets;
using System.Text;
using EdgeCtl.Service.Systemd;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace EdgeCtl.Service.Tests;

/// <summary>The host's life cycle as systemd sees it, on a real abstract AF_UNIX datagram socket.</summary>
public sealed class SystemdLifetimeTests
{
    [Fact]
    public async Task Host_reports_ready_watchdog_and_stopping()
    {
        var name = "edgectl-life-" + Guid.NewGuid().ToString("N");
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint("\0" + name));
        server.ReceiveTimeout = 30_000;
        var buffer = new byte[4096];
        string Next() => Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer));

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddEdgeCtlSystemd(new SystemdNotifier("@" + name, "200000")); // 0.2 s watchdog → ping every 0.1 s
        using var host = builder.Build();
        await host.StartAsync();

        var seen = new List<string>();
        while (!(seen.Contains("READY=1") && seen.Contains("WATCHDOG=1")))
            seen.Add(Next());

        await host.StopAsync();
        while (seen[^1] != "STOPPING=1")
            seen.Add(Next());

        Assert.All(seen, s => Assert.Contains(s, new[] { "READY=1", "WATCHDOG=1", "STOPPING=1" }));
        Assert.Equal(1, seen.Count(s => s == "READY=1"));
        Assert.True(seen.IndexOf("READY=1") < seen.IndexOf("STOPPING=1"));
    }
}
