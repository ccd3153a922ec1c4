namespace EdgeCtl.Drivers;

/// <summary>Raised by <see cref="ScanEngineClient"/> each time it opens a connection after the first one.</summary>
/// <param name="ReconnectCount">Reconnections so far, including this one (≥ 1).</param>
/// <param name="Cause">Why the previous connection was dropped (protocol error, lost connection, timeout), if known.</param>
public sealed class ScanEngineReconnectedEventArgs(int ReconnectCount, Exception? Cause) : EventArgs
{
    /// <summary>Reconnections so far, including this one (≥ 1).</summary>
    public int ReconnectCount { get; } = ReconnectCount;

    /// <summary>Why the previous connection was dropped, if known.</summary>
    public Exception? Cause { get; } = Cause;
}
