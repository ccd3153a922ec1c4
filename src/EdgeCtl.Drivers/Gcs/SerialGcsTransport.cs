namespace EdgeCtl.Drivers;

/// <summary>PI GCS over a serial line (RS-232/USB tty or the rig's pseudo-terminal); default 115200 8N1.</summary>
public sealed class SerialGcsTransport : GcsTransportBase
{
    /// <summary>Opens <paramref name="ttyPath"/> with <paramref name="settings"/> (default 115200 8N1).</summary>
    /// <exception cref="IOException">The tty cannot be opened or configured (see <see cref="SerialPort.Open"/>).</exception>
    public SerialGcsTransport(string ttyPath, SerialPortSettings? settings = null, GcsTransportOptions? options = null)
        : this(SerialPort.Open(ttyPath, settings), options ?? new GcsTransportOptions())
    {
    }

    private SerialGcsTransport(SerialPort port, GcsTransportOptions options)
        : base(new SerialByteChannel(port, options.DeviceName ?? $"PI GCS stage on {port.Path}"), options)
    {
        Port = port;
    }

    /// <summary>The serial port (owned; closed on <see cref="GcsTransportBase.Dispose"/>).</summary>
    public SerialPort Port { get; }
}
