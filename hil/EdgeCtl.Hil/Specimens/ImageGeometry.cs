namespace EdgeCtl.Hil.Specimens;

/// <summary>
/// Where an image's pixels lie on the specimen (docs/rig.md, "Coordinates"): FoV centre in µm,
/// square pixels of <see cref="PixelSizeNm"/>, row 0 at the top (largest y), column 0 at the left.
/// Pixel (col, row) has its centre at x = cx + (col + 0.5 − W/2)·p, y = cy − (row + 0.5 − H/2)·p.
/// </summary>
/// <param name="CentreXUm">FoV centre x, µm.</param>
/// <param name="CentreYUm">FoV centre y, µm.</param>
/// <param name="PixelSizeNm">Pixel size, nm.</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
public readonly record struct ImageGeometry(double CentreXUm, double CentreYUm, double PixelSizeNm, int Width, int Height)
{
    /// <summary>x of the left edge of column 0, µm.</summary>
    public double LeftUm => CentreXUm - Width * 0.5 * PixelSizeNm / 1000;

    /// <summary>y of the top edge of row 0, µm.</summary>
    public double TopUm => CentreYUm + Height * 0.5 * PixelSizeNm / 1000;

    /// <summary>x of the centre of column <paramref name="col"/>, µm.</summary>
    public double ColumnXUm(int col) => CentreXUm + (col + 0.5 - Width * 0.5) * PixelSizeNm / 1000;

    /// <summary>y of the centre of row <paramref name="row"/>, µm.</summary>
    public double RowYUm(int row) => CentreYUm - (row + 0.5 - Height * 0.5) * PixelSizeNm / 1000;
}
