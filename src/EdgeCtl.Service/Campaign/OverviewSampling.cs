namespace EdgeCtl.Service.Campaign;

/// <summary>Chooses the overview frame size from the FoV and the pixel size particles need to be resolved.</summary>
public static class OverviewSampling
{
    /// <summary>Largest frame the scan engine is asked for, px.</summary>
    public const int MaxPixels = 4096;

    /// <summary>
    /// The smallest power of two ≥ 256 whose pixel size over <paramref name="fovUm"/> is at most
    /// <paramref name="pixelSizeNm"/>, capped at <see cref="MaxPixels"/>.
    /// </summary>
    public static int FramePixels(double fovUm, double pixelSizeNm)
    {
        double needed = fovUm * 1000.0 / pixelSizeNm;
        int n = 256;
        while (n < needed && n < MaxPixels) n *= 2;
        return n;
    }
}
