using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Inference.Sam;

/// <summary>
/// Contrast window of a frame: grey levels <see cref="Low"/>…<see cref="High"/> map to 0…255,
/// inverted for bright-field frames so particles are bright as in HAADF.
/// </summary>
public readonly record struct SamContrast(float Low, float High, bool Invert);

/// <summary>
/// Fills SAM's image-encoder input (float [1,3,1024,1024], RGB, ImageNet mean 123.675/116.28/103.53
/// and std 58.395/57.12/57.375 on a 0–255 scale, content top-left, zero padding bottom/right — the
/// layout of the Segment Anything reference preprocessing) from a region of a grey frame:
/// robust contrast normalisation (0.5th/99.8th percentiles → 0/255, so 8-bit, 16-bit and float
/// frames are treated alike), optional bright-field inversion, grey → 3 channels, resampling by
/// <c>scale</c> with a triangle (bilinear, antialiased when shrinking) filter. Allocation-free
/// apart from one pooled row buffer.
/// </summary>
public static class SamPreprocessor
{
    /// <summary>Encoder input side, px.</summary>
    public const int Side = 1024;

    private static readonly float[] Mean = [123.675f, 116.28f, 103.53f];
    private static readonly float[] Std = [58.395f, 57.12f, 57.375f];

    /// <summary>Robust contrast window of <paramref name="image"/>; bright-field as forced by the options or estimated.</summary>
    /// <exception cref="ArgumentException">The image holds NaN/infinite pixels.</exception>
    public static SamContrast EstimateContrast(GrayImage image, DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        try { image.EnsureFinite("image"); }
        catch (InvalidDataException e) { throw new ArgumentException(e.Message, nameof(image), e); }
        using var stats = new RobustStatistics(image.Pixels);
        bool bright = options.BrightField || options.Contrast switch
        {
            ContrastMode.BrightField => true,
            ContrastMode.DarkField => false,
            _ => ContrastEstimator.IsBrightField(stats),
        };
        float lo = (float)stats.Percentile(0.5), hi = (float)stats.Percentile(99.8);
        if (!(hi > lo)) hi = lo + 1;
        return new SamContrast(lo, hi, bright);
    }

    /// <summary>
    /// Writes region (<paramref name="x0"/>, <paramref name="y0"/>, <paramref name="width"/>,
    /// <paramref name="height"/>) of <paramref name="image"/>, scaled by <paramref name="scale"/>,
    /// into <paramref name="tensor"/> (length 3·1024²).
    /// </summary>
    /// <returns>The content size in the encoder frame (≤ 1024 each).</returns>
    /// <exception cref="ArgumentException">The region is outside the image, or scaled larger than 1024 px.</exception>
    public static (int Width, int Height) Fill(GrayImage image, int x0, int y0, int width, int height, double scale,
                                               SamContrast contrast, Span<float> tensor)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (tensor.Length != 3 * Side * Side) throw new ArgumentException($"tensor must hold 3·{Side}² floats", nameof(tensor));
        if (x0 < 0 || y0 < 0 || width <= 0 || height <= 0 || x0 + width > image.Width || y0 + height > image.Height)
            throw new ArgumentException($"region ({x0},{y0},{width},{height}) is outside the {image.Width}×{image.Height} image");
        if (!(scale > 0)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "must be positive");
        int ow = Math.Min(Side, (int)Math.Round(width * scale)), oh = Math.Min(Side, (int)Math.Round(height * scale));
        if (ow < 1 || oh < 1) throw new ArgumentException("region scales to nothing", nameof(scale));

        tensor.Clear();
        Span<float> r = tensor[..(Side * Side)];
        float gain = 255f / (contrast.High - contrast.Low), off = contrast.Low;
        bool inv = contrast.Invert;

        // Horizontal pass: height rows × ow columns into the G plane (used as scratch), then vertical into R.
        Span<float> tmp = tensor.Slice(Side * Side, Side * Side);
        var pixels = image.Pixels;
        double inv1 = 1.0 / scale, support = Math.Max(1.0, inv1);
        int rows = height;
        // tmp holds at most Side*Side floats: rows × ow must fit; process in bands if not.
        int band = Math.Max(1, (Side * Side) / ow);
        for (int bandStart = 0; bandStart < oh; )
        {
            // output rows [bandStart, bandEnd) need input rows [iy0, iy1)
            int bandEnd = bandStart, iy0 = int.MaxValue, iy1 = int.MinValue;
            while (bandEnd < oh)
            {
                double c = (bandEnd + 0.5) * inv1 - 0.5;
                int lo = Math.Max(0, (int)Math.Ceiling(c - support)), hi = Math.Min(rows - 1, (int)Math.Floor(c + support));
                int nlo = Math.Min(iy0, lo), nhi = Math.Max(iy1, hi + 1);
                if (nhi - nlo > band && bandEnd > bandStart) break;
                iy0 = nlo; iy1 = nhi; bandEnd++;
            }
            for (int iy = iy0; iy < iy1; iy++)
            {
                var src = pixels.Slice((y0 + iy) * image.Width + x0, width);
                var dst = tmp.Slice((iy - iy0) * ow, ow);
                for (int ox = 0; ox < ow; ox++)
                {
                    double c = (ox + 0.5) * inv1 - 0.5;
                    int lo = (int)Math.Ceiling(c - support), hi = (int)Math.Floor(c + support);
                    double acc = 0, wsum = 0;
                    for (int i = lo; i <= hi; i++)
                    {
                        double wgt = 1 - Math.Abs(i - c) / support;
                        if (wgt <= 0) continue;
                        acc += wgt * src[Math.Clamp(i, 0, width - 1)];
                        wsum += wgt;
                    }
                    dst[ox] = (float)(acc / wsum);
                }
            }
            for (int oy = bandStart; oy < bandEnd; oy++)
            {
                double c = (oy + 0.5) * inv1 - 0.5;
                int lo = (int)Math.Ceiling(c - support), hi = (int)Math.Floor(c + support);
                var dst = r.Slice(oy * Side, ow);
                double wsum = 0;
                for (int i = lo; i <= hi; i++)
                {
                    double wgt = 1 - Math.Abs(i - c) / support;
                    if (wgt <= 0) continue;
                    wsum += wgt;
                }
                for (int i = lo; i <= hi; i++)
                {
                    double wgt = 1 - Math.Abs(i - c) / support;
                    if (wgt <= 0) continue;
                    float fw = (float)(wgt / wsum);
                    var src = tmp.Slice((Math.Clamp(i, 0, rows - 1) - iy0) * ow, ow);
                    for (int ox = 0; ox < ow; ox++) dst[ox] += fw * src[ox];
                }
            }
            bandStart = bandEnd;
        }
        tmp.Clear();

        // Contrast window, polarity, then per-channel normalisation (padding stays 0 = the mean colour).
        Span<float> g = tensor.Slice(Side * Side, Side * Side), b = tensor.Slice(2 * Side * Side, Side * Side);
        for (int oy = 0; oy < oh; oy++)
        {
            int row = oy * Side;
            for (int ox = 0; ox < ow; ox++)
            {
                float v = Math.Clamp((r[row + ox] - off) * gain, 0f, 255f);
                if (inv) v = 255f - v;
                r[row + ox] = (v - Mean[0]) / Std[0];
                g[row + ox] = (v - Mean[1]) / Std[1];
                b[row + ox] = (v - Mean[2]) / Std[2];
            }
        }
        return (ow, oh);
    }
}
