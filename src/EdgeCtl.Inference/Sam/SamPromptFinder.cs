using System.Buffers;
using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Inference.Sam;

/// <summary>
/// Extra SAM prompts for frames whose particles are resolved at the encoder scale: local maxima
/// of the particle-polarity intensity, smoothed at the particles' scale, on a grid of
/// <see cref="SamMaskAnalysis.Cell"/>-px cells of the encoder frame. The classical detector
/// misses resolved particles that touch (the dark gaps between them look like blobs of the other
/// polarity and raise its false-discovery cut); SAM, prompted at such a maximum, segments the
/// particle, and its mask filters decide whether there is one.
/// </summary>
public static class SamPromptFinder
{
    /// <summary>
    /// Finds maxima of the smoothed intensity of <paramref name="image"/> mapped into the encoder
    /// frame by <paramref name="scale"/> (encoder px per image px; the content is the whole image).
    /// </summary>
    /// <param name="image">Frame.</param>
    /// <param name="scale">Encoder px per image px (≤ 1024 / long side).</param>
    /// <param name="contrast">Contrast window and polarity (bright-field frames are inverted so particles are maxima).</param>
    /// <param name="radiusEncoderPx">Typical particle radius in encoder px: the smoothing σ is half of it, and a maximum must be the highest cell within it.</param>
    /// <param name="minProminence">Smallest rise of a maximum above the lowest smoothed value within 2 radii, in units of the contrast window (0–1).</param>
    /// <param name="peaks">Receives the maxima, encoder-frame px (cell centres), strongest first.</param>
    /// <exception cref="ArgumentOutOfRangeException">A scale or radius is not positive.</exception>
    public static void FindPeaks(GrayImage image, double scale, SamContrast contrast, double radiusEncoderPx, double minProminence,
                                 List<(float X, float Y, float Height)> peaks)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(peaks);
        if (!(scale > 0)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "must be positive");
        if (!(radiusEncoderPx > 0)) throw new ArgumentOutOfRangeException(nameof(radiusEncoderPx), radiusEncoderPx, "must be positive");
        peaks.Clear();
        const int cell = SamMaskAnalysis.Cell;
        int gw = Math.Min(SamMaskAnalysis.LowRes, (int)Math.Ceiling(image.Width * scale / cell));
        int gh = Math.Min(SamMaskAnalysis.LowRes, (int)Math.Ceiling(image.Height * scale / cell));
        if (gw < 3 || gh < 3) return;
        int n = gw * gh;
        float[] grid = ArrayPool<float>.Shared.Rent(n), smooth = ArrayPool<float>.Shared.Rent(n), low = ArrayPool<float>.Shared.Rent(n);
        try
        {
            // Cell means of the contrast-normalised image (0..1, particles bright).
            var g = grid.AsSpan(0, n);
            g.Clear();
            var counts = ArrayPool<int>.Shared.Rent(n);
            try
            {
                Array.Clear(counts, 0, n);
                var pix = image.Pixels;
                float gain = 1f / (contrast.High - contrast.Low);
                double toCell = scale / cell;
                for (int y = 0; y < image.Height; y++)
                {
                    int cy = Math.Min(gh - 1, (int)((y + 0.5) * toCell));
                    int row = y * image.Width;
                    for (int x = 0; x < image.Width; x++)
                    {
                        int cx = Math.Min(gw - 1, (int)((x + 0.5) * toCell));
                        float v = Math.Clamp((pix[row + x] - contrast.Low) * gain, 0f, 1f);
                        g[cy * gw + cx] += contrast.Invert ? 1 - v : v;
                        counts[cy * gw + cx]++;
                    }
                }
                for (int i = 0; i < n; i++) g[i] = counts[i] == 0 ? 0 : g[i] / counts[i];
            }
            finally { ArrayPool<int>.Shared.Return(counts); }

            double rCells = radiusEncoderPx / cell;
            var s = smooth.AsSpan(0, n);
            ImageFilters.GaussianBlur(g, s, gw, gh, Math.Max(0.5, 0.5 * rCells));
            int reach = Math.Max(1, (int)Math.Round(rCells));
            var lo = low.AsSpan(0, n);
            ImageFilters.MinMaxFilter(s, lo, gw, gh, Math.Max(2, (int)Math.Round(2 * rCells)), max: false);
            for (int y = 0; y < gh; y++)
                for (int x = 0; x < gw; x++)
                {
                    float v = s[y * gw + x];
                    if (v - lo[y * gw + x] < minProminence) continue;
                    bool isMax = true;
                    for (int yy = Math.Max(0, y - reach); yy <= Math.Min(gh - 1, y + reach) && isMax; yy++)
                        for (int xx = Math.Max(0, x - reach); xx <= Math.Min(gw - 1, x + reach); xx++)
                        {
                            float u = s[yy * gw + xx];
                            // Ties: the first cell in raster order wins, so a plateau gives one peak.
                            if (u > v || (u == v && (yy < y || (yy == y && xx < x)))) { isMax = false; break; }
                        }
                    if (isMax) peaks.Add(((x + 0.5f) * cell, (y + 0.5f) * cell, v - lo[y * gw + x]));
                }
            peaks.Sort((a, b) => b.Height.CompareTo(a.Height));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(grid);
            ArrayPool<float>.Shared.Return(smooth);
            ArrayPool<float>.Shared.Return(low);
        }
    }
}
