namespace EdgeCtl.Drivers;

/// <summary>A stage move did not reach its target within the move timeout; the driver stopped the stage (<c>#24</c>).</summary>
public sealed class StageTimeoutException : DeviceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">Device name.</param>
    /// <param name="target">The requested target, µm.</param>
    /// <param name="lastPosition">The position read after stopping, or null when it could not be read.</param>
    /// <param name="timeout">The move timeout that elapsed.</param>
    public StageTimeoutException(string device, StagePosition target, StagePosition? lastPosition, TimeSpan timeout)
        : base(device, $"move to {target} not on target within {timeout.TotalSeconds:0.###} s; stopped at {(lastPosition is { } p ? p.ToString() : "an unknown position")}")
    {
        Target = target;
        LastPosition = lastPosition;
        Timeout = timeout;
    }

    /// <summary>The requested target, µm.</summary>
    public StagePosition Target { get; }

    /// <summary>The position after the stop, or null if it could not be read.</summary>
    public StagePosition? LastPosition { get; }

    /// <summary>The move timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
