namespace EdgeCtl.Drivers;

/// <summary>
/// PI GCS over TCP (PI controllers listen on port 50000; the rig on an ephemeral port). The
/// connection opens on the first request and is reopened after a timeout or I/O failure.
/// </summary>
public sealed class TcpGcsTransport : GcsTransportBase
{
    /// <summary>Creates the transport; nothing is connected until the first request.</summary>
    /// <param name="host">Host name or address.</param>
    /// <param name="port">TCP port 1 … 65535.</param>
    /// <param name="options">Timeouts and device name.</param>
    public TcpGcsTransport(string host, int port, GcsTransportOptions? options = null)
        : this(host, port, options ?? new GcsTransportOptions(), 0)
    {
    }

    private TcpGcsTransport(string host, int port, GcsTransportOptions options, int _)
        : base(new TcpByteChannel(host, port, options.ConnectTimeout, options.DeviceName ?? $"PI GCS stage at {host}:{port}"), options)
    {
    }
}
