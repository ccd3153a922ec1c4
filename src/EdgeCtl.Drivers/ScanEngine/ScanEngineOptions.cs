namespace EdgeCtl.Drivers;

/// <summary>Endpoint, timeouts and reconnect policy of <see cref="ScanEngineClient"/>.</summary>
public sealed record ScanEngineOptions
{
    /// <summary>Host name or address of the scan engine.</summary>
    public required string Host { get; init; }

    /// <summary>TCP port, 1 … 65535.</summary>
    public required int Port { get; init; }

    /// <summary>Timeout of one connection attempt including the Hello handshake. Default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Connection attempts after the first failed one (exponential back-off with jitter). Default 4.</summary>
    public int ConnectRetryAttempts { get; init; } = 4;

    /// <summary>First back-off delay; doubles on each retry. Default 100 ms.</summary>
    public TimeSpan ConnectRetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest back-off delay. Default 5 s.</summary>
    public TimeSpan ConnectRetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Timeout of a request on top of its expected duration: an acquisition may take its instrument
    /// duration ÷ time_scale of wall time plus this. Default 10 s.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Expected duration of a Retune in instrument seconds (5 s on the rig), added to its timeout. Default 10 s.</summary>
    public double RetuneExpectedSeconds { get; init; } = 10;

    /// <summary>Device name for error messages; null gives "scan engine &lt;host&gt;:&lt;port&gt;".</summary>
    public string? DeviceName { get; init; }
}
