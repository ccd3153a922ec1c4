namespace EdgeCtl.Drivers;

/// <summary>
/// An XY specimen stage (two closed-loop axes, µm). Implemented by <see cref="PiGcsStage"/> over
/// PI GCS 2.0 (wire-protocol.md §1). Calls are serialised by the implementation; call
/// <see cref="InitializeAsync"/> once before moving.
/// </summary>
public interface IStage
{
    /// <summary>The controller's identification string (<c>*IDN?</c>).</summary>
    /// <exception cref="DeviceException">Timeout, connection failure or an empty answer.</exception>
    Task<string> IdentifyAsync(CancellationToken ct);

    /// <summary>Switches the servos on and reads the soft limits and the velocity (<see cref="Limits"/>, <see cref="VelocityUmPerS"/>).</summary>
    /// <exception cref="DeviceException">The controller reported an error, the servo stayed off, or an answer was malformed.</exception>
    Task InitializeAsync(CancellationToken ct);

    /// <summary>The current position (<c>POS?</c>), µm.</summary>
    /// <exception cref="DeviceException">Timeout, connection failure or a malformed answer.</exception>
    Task<StagePosition> GetPositionAsync(CancellationToken ct);

    /// <summary>
    /// Moves to (<paramref name="xUm"/>, <paramref name="yUm"/>) and returns once the stage is on target
    /// and the measured position is within tolerance.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The target is not finite or outside <see cref="Limits"/>.</exception>
    /// <exception cref="InvalidOperationException"><see cref="InitializeAsync"/> has not completed.</exception>
    /// <exception cref="StageTimeoutException">Not on target within the move timeout (the stage was stopped).</exception>
    /// <exception cref="GcsErrorException">The controller reported an error for the move.</exception>
    /// <exception cref="StagePositionException">On target, but the position differs from the target by more than the tolerance.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the stage was stopped first.</exception>
    Task MoveToAsync(double xUm, double yUm, CancellationToken ct);

    /// <summary>Stops all axes at once (emergency stop).</summary>
    /// <exception cref="DeviceException">The stop could not be sent or the controller reported an unexpected error.</exception>
    Task StopAsync(CancellationToken ct);

    /// <summary>Soft limits read by <see cref="InitializeAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">Read before initialisation.</exception>
    StageLimits Limits { get; }

    /// <summary>Velocity of the slower axis read by <see cref="InitializeAsync"/>, µm/s.</summary>
    /// <exception cref="InvalidOperationException">Read before initialisation.</exception>
    double VelocityUmPerS { get; }
}
