namespace EdgeCtl.Drivers;

/// <summary>Timeouts and naming of an <see cref="IGcsTransport"/>.</summary>
public sealed record GcsTransportOptions
{
    /// <summary>Longest wait for a complete answer (or for a write to finish). Default 2 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>TCP only: longest wait for the connection to open. Default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Device name for error messages; null gives "PI GCS stage on &lt;path&gt;" / "PI GCS stage at &lt;host:port&gt;".</summary>
    public string? DeviceName { get; init; }
}
