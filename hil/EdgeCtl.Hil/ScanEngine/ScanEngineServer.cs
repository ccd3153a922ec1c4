using System.Net;
using EdgeCtl.Hil.Faults;
using EdgeCtl.Hil.Net;

namespace EdgeCtl.Hil.ScanEngine;

/// <summary>The scan engine's TCP server (<c>--scan-port</c>): any number of concurrent clients, one <see cref="ScanEngineSession"/> each.</summary>
public sealed class ScanEngineServer : IDisposable
{
    private readonly TcpConnectionHost _host;

    /// <summary>Binds the listener.</summary>
    public ScanEngineServer(IPAddress address, int port, ScanInstrument instrument, FaultBoard faults)
    {
        _host = new TcpConnectionHost("scan", address, port, socket => new ScanEngineSession(socket, instrument, faults).Run());
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint EndPoint => _host.EndPoint;

    /// <summary>Starts accepting connections.</summary>
    public void Start() => _host.Start();

    /// <summary>Fault <c>close-scan</c>: closes every open scan-engine connection now; returns how many.</summary>
    public int CloseAllConnections() => _host.CloseAllConnections();

    /// <inheritdoc />
    public void Dispose() => _host.Dispose();
}
