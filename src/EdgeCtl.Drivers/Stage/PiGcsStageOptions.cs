namespace EdgeCtl.Drivers;

/// <summary>Motion settings of <see cref="PiGcsStage"/>.</summary>
public sealed record PiGcsStageOptions
{
    /// <summary>Longest wall time from <c>MOV</c> until on target; on expiry the stage is stopped. Default 120 s.</summary>
    public TimeSpan MoveTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Interval between <c>#5</c> motion-status polls. Default 20 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Largest accepted |POS? − target| per axis after a move, µm. Default 0.1 µm.</summary>
    public double PositionToleranceUm { get; init; } = 0.1;
}
