using EdgeCtl.Policy;

namespace EdgeCtl.Policy.Tests;

/// <summary>Builds the paper's 300 × 300 µm area as a 10 × 10 grid of 30 µm tiles.</summary>
internal static class TestGrid
{
    public const double Tile = 30.0;

    public static RegionInfo[] Build(int side = 10)
    {
        var r = new RegionInfo[side * side];
        for (int iy = 0; iy < side; iy++)
            for (int ix = 0; ix < side; ix++)
                r[iy * side + ix] = new RegionInfo(iy * side + ix, (ix + 0.5) * Tile, (iy + 0.5) * Tile, false, 0);
        return r;
    }
}
