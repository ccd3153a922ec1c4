namespace EdgeCtl.Drivers;

/// <summary>A stage position in specimen coordinates (docs/rig.md "Coordinates"): µm, origin at the specimen's lower-left corner.</summary>
/// <param name="XUm">X (GCS axis 1), µm.</param>
/// <param name="YUm">Y (GCS axis 2), µm.</param>
public readonly record struct StagePosition(double XUm, double YUm)
{
    /// <summary>"(x, y) µm" with 3 decimals, invariant culture.</summary>
    public override string ToString() => FormattableString.Invariant($"({XUm:F3}, {YUm:F3}) µm");
}
