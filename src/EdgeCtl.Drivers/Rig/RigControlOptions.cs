namespace EdgeCtl.Drivers;

/// <summary>Endpoint and timeouts of <see cref="RigControlClient"/>.</summary>
public sealed record RigControlOptions
{
    /// <summary>Host of the rig's control port (from the rig's READY line, <c>"control"</c>).</summary>
    public required string Host { get; init; }

    /// <summary>TCP port of the control port.</summary>
    public required int Port { get; init; }

    /// <summary>Longest wait for the answer line. Default 5 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for the connection to open. Default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
