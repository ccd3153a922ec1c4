namespace EdgeCtl.Service.Campaign;

/// <summary>
/// The accessible area cut into FoV-sized square regions (row-major, row 0 at the smallest y).
/// A region is one stage position: its FoV is explored by beam shift (paper eqs 5–6: d ≤ d_th).
/// </summary>
public sealed class RegionGrid
{
    /// <summary>Builds the grid over the stage soft limits.</summary>
    /// <param name="minXUm">Lower X limit, µm.</param>
    /// <param name="minYUm">Lower Y limit, µm.</param>
    /// <param name="maxXUm">Upper X limit, µm.</param>
    /// <param name="maxYUm">Upper Y limit, µm.</param>
    /// <param name="fovUm">Region (FoV) side, µm.</param>
    /// <exception cref="ArgumentException">The area holds no whole FoV.</exception>
    public RegionGrid(double minXUm, double minYUm, double maxXUm, double maxYUm, double fovUm)
    {
        if (!(fovUm > 0)) throw new ArgumentException($"FoV must be positive, got {fovUm} µm.");
        // Tolerance: limits travel as 6-digit decimals (PI GCS answers), so a whole number of FoVs may read as 1.9999999.
        Columns = (int)Math.Floor((maxXUm - minXUm) / fovUm + 1e-4);
        Rows = (int)Math.Floor((maxYUm - minYUm) / fovUm + 1e-4);
        if (Columns < 1 || Rows < 1)
            throw new ArgumentException($"Stage range [{minXUm}, {maxXUm}] × [{minYUm}, {maxYUm}] µm holds no whole {fovUm} µm FoV.");
        FovUm = fovUm;
        // Centre the grid in the accessible area.
        OriginXUm = minXUm + (maxXUm - minXUm - Columns * fovUm) / 2;
        OriginYUm = minYUm + (maxYUm - minYUm - Rows * fovUm) / 2;
    }

    /// <summary>Regions per row.</summary>
    public int Columns { get; }
    /// <summary>Rows of regions.</summary>
    public int Rows { get; }
    /// <summary>Total regions.</summary>
    public int Count => Columns * Rows;
    /// <summary>Side of a region, µm.</summary>
    public double FovUm { get; }
    /// <summary>Lower-left corner of region 0, µm.</summary>
    public double OriginXUm { get; }
    /// <summary>Lower-left corner of region 0, µm.</summary>
    public double OriginYUm { get; }
    /// <summary>Area of one region, µm².</summary>
    public double RegionAreaUm2 => FovUm * FovUm;

    /// <summary>Stage position of region <paramref name="index"/>'s centre, µm.</summary>
    public (double XUm, double YUm) Center(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Region index must be 0..{Count - 1}.");
        return (OriginXUm + (index % Columns + 0.5) * FovUm, OriginYUm + (index / Columns + 0.5) * FovUm);
    }

    /// <summary>The central region.</summary>
    public int CentralRegion => Rows / 2 * Columns + Columns / 2;
}
