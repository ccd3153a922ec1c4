namespace EdgeCtl.Hil.Stage;

/// <summary>
/// One straight-line stage motion in instrument time: from (StartX, StartY) at StartT to
/// (EndX, EndY) at ArrivalT, both axes together. A stalled motion (fault <c>stage-stall</c>) stops
/// at its end point short of the commanded target and stays "in progress" forever. A stage at rest
/// is a motion that has arrived. Positions in µm, times in instrument seconds.
/// </summary>
/// <param name="StartX">x at the start, µm.</param>
/// <param name="StartY">y at the start, µm.</param>
/// <param name="EndX">x where the motion ends, µm.</param>
/// <param name="EndY">y where the motion ends, µm.</param>
/// <param name="StartT">Instrument time of the start, s.</param>
/// <param name="ArrivalT">Instrument time the end point is reached, s.</param>
/// <param name="Stalled">Whether the motion never completes.</param>
/// <param name="AxisMask">Bit 0: axis 1 moves; bit 1: axis 2 moves.</param>
public readonly record struct StageMotion(double StartX, double StartY, double EndX, double EndY,
    double StartT, double ArrivalT, bool Stalled, int AxisMask)
{
    /// <summary>A stage at rest at (x, y).</summary>
    public static StageMotion AtRest(double x, double y, double t) => new(x, y, x, y, t, t, false, 0);

    /// <summary>Whether the motion is still in progress at <paramref name="t"/>.</summary>
    public bool InProgressAt(double t) => Stalled || t < ArrivalT;

    /// <summary>Instrument time at which motion queries stop advancing the clock (+∞ when stalled).</summary>
    public double QueryCap => Stalled ? double.PositiveInfinity : ArrivalT;

    /// <summary>Motion status bit mask (#5) at <paramref name="t"/>.</summary>
    public int MovingMaskAt(double t) => InProgressAt(t) ? AxisMask : 0;

    /// <summary>Interpolated position at <paramref name="t"/>, µm.</summary>
    public (double X, double Y) PositionAt(double t)
    {
        if (t >= ArrivalT) return (EndX, EndY);
        if (t <= StartT) return (StartX, StartY);
        double f = (t - StartT) / (ArrivalT - StartT);
        return (StartX + f * (EndX - StartX), StartY + f * (EndY - StartY));
    }
}
