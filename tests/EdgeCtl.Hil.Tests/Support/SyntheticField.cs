namespace EdgeCtl.Hil.Tests.Support;

/// <summary>Ground truth of the FoV at the rig's start position, and the pixel each particle should appear at.</summary>
public static class SyntheticField
{
    /// <summary>The stage's start position (the specimen centre), µm.</summary>
    public const double CentreUm = 150;

    /// <summary>Particles inside the 30-µm FoV centred on the start position.</summary>
    public static List<TruthParticle> ParticlesInFov(LineClient control, int elements = 3, double fovUm = 30) =>
        TruthParticle.ParseList(control.Control(FormattableString.Invariant(
            $"PARTICLES IN {CentreUm - fovUm / 2} {CentreUm - fovUm / 2} {CentreUm + fovUm / 2} {CentreUm + fovUm / 2}")), elements);

    /// <summary>Pixel (col, row) of a specimen point per docs/rig.md "Coordinates" (row 0 = top).</summary>
    public static (int Col, int Row) PixelOf(ReceivedImage image, double xUm, double yUm) =>
        ((int)Math.Floor((xUm - image.StageXUm) * 1000 / image.PixelSizeNm + image.Width / 2.0),
         (int)Math.Floor(image.Height / 2.0 - (yUm - image.StageYUm) * 1000 / image.PixelSizeNm));

    /// <summary>Largest value in the (2k+1)² neighbourhood of (col, row), clipped to the image.</summary>
    public static int PeakNear(ReceivedImage image, int col, int row, int k = 1)
    {
        int best = 0;
        for (int r = Math.Max(0, row - k); r <= Math.Min(image.Height - 1, row + k); r++)
            for (int c = Math.Max(0, col - k); c <= Math.Min(image.Width - 1, col + k); c++)
                best = Math.Max(best, image.At(c, r));
        return best;
    }

    /// <summary>Smallest value in the (2k+1)² neighbourhood.</summary>
    public static int DipNear(ReceivedImage image, int col, int row, int k = 1)
    {
        int best = int.MaxValue;
        for (int r = Math.Max(0, row - k); r <= Math.Min(image.Height - 1, row + k); r++)
            for (int c = Math.Max(0, col - k); c <= Math.Min(image.Width - 1, col + k); c++)
                best = Math.Min(best, image.At(c, r));
        return best;
    }

    public static double Median(ushort[] pixels)
    {
        var copy = (ushort[])pixels.Clone();
        Array.Sort(copy);
        return copy[copy.Length / 2];
    }
}
