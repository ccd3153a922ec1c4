namespace EdgeCtl.Policy;

/// <summary>
/// Motion time and cost of reaching a particle or region at distance d from the current FoV centre,
/// eqs 5–6 of the paper. Defaults are the paper's simulation (section IV.3): 30 × 30 µm beam-shift field,
/// beam shift 20 ms, stage 10 µm/s, stage latency t_0 = 5 s retune + 10 s EDX frame of the new region, α = 1.
/// <para>
/// <b>Distance convention.</b> d is the Chebyshev distance max(|Δx|, |Δy|) in µm (see <see cref="DistanceUm"/>).
/// The beam-shift field is a square of side <see cref="BeamShiftRangeUm"/> centred on the FoV, so with
/// d_th = <see cref="BeamShiftRangeUm"/>/2 "d ≤ d_th" means exactly "inside the field, reachable by beam shift"
/// (corners included); and an XY stage whose axes move simultaneously at v each needs d/v seconds.
/// A caller passing Euclidean distances treats the field as its inscribed disc (corners cost a stage move).
/// </para>
/// </summary>
public sealed record MotionCostModel
{
    /// <summary>Side of the square beam-shift field, µm (= FoV side in the paper: 30). d_th is half of it.</summary>
    public double BeamShiftRangeUm { get; init; } = 30.0;

    /// <summary>t_bs, beam-shift repositioning time, instrument seconds (the 10–30 ms control overhead; 0.02).</summary>
    public double BeamShiftSeconds { get; init; } = 0.02;

    /// <summary>
    /// t_0, fixed latency of a stage move, instrument seconds: realignment/retune (5 s) + EDX frame of the new
    /// region (10 s) + overview image (0 by default; add the HAADF frame time of your scan settings). Default 15.
    /// </summary>
    public double StageLatencySeconds { get; init; } = 15.0;

    /// <summary>v, stage speed per axis, µm/s (10).</summary>
    public double StageSpeedUmPerS { get; init; } = 10.0;

    /// <summary>c_intra, cost of a beam-shift move (1).</summary>
    public double IntraCost { get; init; } = 1.0;

    /// <summary>α, cost per instrument second of a stage move (1 s⁻¹).</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>The paper's simulation defaults.</summary>
    public static MotionCostModel Paper { get; } = new();

    /// <summary>d_th = <see cref="BeamShiftRangeUm"/> / 2, µm: the largest distance reachable by beam shift.</summary>
    public double ThresholdUm => 0.5 * BeamShiftRangeUm;

    /// <summary>Chebyshev distance max(|Δx|, |Δy|), µm — the convention of eqs 5–6 here (see the type's remarks).</summary>
    public static double DistanceUm(double dxUm, double dyUm) => Math.Max(Math.Abs(dxUm), Math.Abs(dyUm));

    /// <summary>
    /// Eq 5: t_move(d) = t_bs if d ≤ d_th, else t_0 + d/v. Instrument seconds.
    /// </summary>
    /// <param name="distanceUm">d ≥ 0, µm.</param>
    /// <exception cref="ArgumentOutOfRangeException">d negative or not finite.</exception>
    public double MoveSeconds(double distanceUm)
    {
        CheckDistance(distanceUm);
        return distanceUm <= ThresholdUm ? BeamShiftSeconds : StageLatencySeconds + distanceUm / StageSpeedUmPerS;
    }

    /// <summary>
    /// Eq 6: C_move(d) = c_intra if d ≤ d_th, else α (t_0 + d/v). Dimensionless cost (α converts seconds).
    /// </summary>
    /// <param name="distanceUm">d ≥ 0, µm.</param>
    /// <exception cref="ArgumentOutOfRangeException">d negative or not finite.</exception>
    public double MoveCost(double distanceUm)
    {
        CheckDistance(distanceUm);
        return distanceUm <= ThresholdUm ? IntraCost : Alpha * (StageLatencySeconds + distanceUm / StageSpeedUmPerS);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (!(BeamShiftRangeUm >= 0) || !double.IsFinite(BeamShiftRangeUm))
            throw new ArgumentOutOfRangeException(nameof(BeamShiftRangeUm), BeamShiftRangeUm, "Must be finite and ≥ 0 µm.");
        if (!(BeamShiftSeconds >= 0) || !double.IsFinite(BeamShiftSeconds))
            throw new ArgumentOutOfRangeException(nameof(BeamShiftSeconds), BeamShiftSeconds, "Must be finite and ≥ 0 s.");
        if (!(StageLatencySeconds >= 0) || !double.IsFinite(StageLatencySeconds))
            throw new ArgumentOutOfRangeException(nameof(StageLatencySeconds), StageLatencySeconds, "Must be finite and ≥ 0 s.");
        if (!(StageSpeedUmPerS > 0) || !double.IsFinite(StageSpeedUmPerS))
            throw new ArgumentOutOfRangeException(nameof(StageSpeedUmPerS), StageSpeedUmPerS, "Must be finite and > 0 µm/s.");
        if (!(IntraCost > 0) || !double.IsFinite(IntraCost))
            throw new ArgumentOutOfRangeException(nameof(IntraCost), IntraCost, "Must be finite and > 0 (it divides the acquisition in eq 4).");
        if (!(Alpha > 0) || !double.IsFinite(Alpha))
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Must be finite and > 0.");
    }

    private static void CheckDistance(double d)
    {
        if (!(d >= 0) || !double.IsFinite(d))
            throw new ArgumentOutOfRangeException("distanceUm", d, "Distance must be finite and ≥ 0 µm.");
    }
}
