namespace EdgeCtl.Drivers;

/// <summary>Soft travel limits of the stage (GCS <c>TMN?</c>/<c>TMX?</c>), µm, inclusive.</summary>
/// <param name="MinXUm">Lowest X, µm.</param>
/// <param name="MaxXUm">Highest X, µm.</param>
/// <param name="MinYUm">Lowest Y, µm.</param>
/// <param name="MaxYUm">Highest Y, µm.</param>
public readonly record struct StageLimits(double MinXUm, double MaxXUm, double MinYUm, double MaxYUm)
{
    /// <summary>True when (<paramref name="xUm"/>, <paramref name="yUm"/>) lies within the limits (inclusive).</summary>
    public bool Contains(double xUm, double yUm) => xUm >= MinXUm && xUm <= MaxXUm && yUm >= MinYUm && yUm <= MaxYUm;

    /// <summary>"[x0, x1] × [y0, y1] µm", invariant culture.</summary>
    public override string ToString() => FormattableString.Invariant($"[{MinXUm:G6}, {MaxXUm:G6}] × [{MinYUm:G6}, {MaxYUm:G6}] µm");
}
