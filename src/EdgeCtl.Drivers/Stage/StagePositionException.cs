namespace EdgeCtl.Drivers;

/// <summary>The stage reported the move finished, but <c>POS?</c> differs from the target by more than the tolerance.</summary>
public sealed class StagePositionException : DeviceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">Device name.</param>
    /// <param name="target">Requested target, µm.</param>
    /// <param name="actual">Measured position, µm.</param>
    /// <param name="toleranceUm">Allowed deviation per axis, µm.</param>
    public StagePositionException(string device, StagePosition target, StagePosition actual, double toleranceUm)
        : base(device, FormattableString.Invariant($"move to {target} ended at {actual}, outside the tolerance of {toleranceUm} µm per axis"))
    {
        Target = target;
        Actual = actual;
        ToleranceUm = toleranceUm;
    }

    /// <summary>Requested target, µm.</summary>
    public StagePosition Target { get; }

    /// <summary>Measured position, µm.</summary>
    public StagePosition Actual { get; }

    /// <summary>Allowed deviation per axis, µm.</summary>
    public double ToleranceUm { get; }
}
