using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Draws detection results over a percentile-stretched (0.5–99.8 %) greyscale copy of an image
/// into an 8-bit RGB buffer and writes it as PNG: ground-truth boxes in red (drawn first),
/// detected boxes in green, 1 px lines on the pixel edges of each box.
/// </summary>
public static class OverlayRenderer
{
    /// <summary>Renders into a new row-major RGB buffer of length Width · Height · 3.</summary>
    /// <param name="image">Image to show.</param>
    /// <param name="detections">Detected particles (green boxes).</param>
    /// <param name="truth">Optional ground-truth boxes (red).</param>
    public static byte[] Render(GrayImage image, IReadOnlyList<DetectedParticle> detections, IReadOnlyList<BoundingBox>? truth = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(detections);
        int w = image.Width, h = image.Height;
        var rgb = new byte[w * h * 3];
        ReadOnlySpan<float> p = image.Pixels;
        double lo, hi;
        using (var stats = new RobustStatistics(p))
        {
            lo = stats.Percentile(0.5);
            hi = stats.Percentile(99.8);
        }
        double gain = hi > lo ? 255.0 / (hi - lo) : 0;
        for (int i = 0; i < p.Length; i++)
        {
            byte g = (byte)Math.Clamp((p[i] - lo) * gain, 0, 255);
            rgb[3 * i] = g; rgb[3 * i + 1] = g; rgb[3 * i + 2] = g;
        }
        if (truth is not null)
            for (int i = 0; i < truth.Count; i++) DrawBox(rgb, w, h, truth[i], 255, 40, 40);
        for (int i = 0; i < detections.Count; i++) DrawBox(rgb, w, h, detections[i].Box, 40, 255, 40);
        return rgb;
    }

    /// <summary>Renders and writes a PNG to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">Encoding or writing fails.</exception>
    public static void Write(string path, GrayImage image, IReadOnlyList<DetectedParticle> detections, IReadOnlyList<BoundingBox>? truth = null)
    {
        var rgb = Render(image, detections, truth);
        PngWriter.WriteRgb(path, image.Width, image.Height, rgb);
    }

    private static void DrawBox(byte[] rgb, int w, int h, BoundingBox box, byte r, byte g, byte b)
    {
        int x0 = (int)Math.Floor(box.X), y0 = (int)Math.Floor(box.Y);
        int x1 = (int)Math.Ceiling(box.Right) - 1, y1 = (int)Math.Ceiling(box.Bottom) - 1;
        for (int x = x0; x <= x1; x++) { Put(rgb, w, h, x, y0, r, g, b); Put(rgb, w, h, x, y1, r, g, b); }
        for (int y = y0; y <= y1; y++) { Put(rgb, w, h, x0, y, r, g, b); Put(rgb, w, h, x1, y, r, g, b); }
    }

    private static void Put(byte[] rgb, int w, int h, int x, int y, byte r, byte g, byte b)
    {
        if ((uint)x >= (uint)w || (uint)y >= (uint)h) return;
        int i = 3 * (y * w + x);
        rgb[i] = r; rgb[i + 1] = g; rgb[i + 2] = b;
    }
}
