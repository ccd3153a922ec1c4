namespace EdgeCtl.Inference.Sam;

/// <summary>A particle segment in encoder-frame pixels (1024-px frame, continuous coordinates).</summary>
/// <param name="Area">Pixels in the segment.</param>
/// <param name="SumX">Σ (x + 0.5) over the segment.</param>
/// <param name="SumY">Σ (y + 0.5) over the segment.</param>
/// <param name="MinX">Left edge (inclusive pixel index).</param>
/// <param name="MinY">Top edge (inclusive pixel index).</param>
/// <param name="MaxX">Right edge (inclusive pixel index).</param>
/// <param name="MaxY">Bottom edge (inclusive pixel index).</param>
/// <param name="Token">Decoder mask token it came from (0–3).</param>
/// <param name="PredictedIoU">The decoder's IoU prediction for that token.</param>
/// <param name="Stability">SAM stability score of the token's mask (area at logit &gt; +1 over area at logit &gt; −1).</param>
public readonly record struct SamSegment(int Area, double SumX, double SumY, int MinX, int MinY, int MaxX, int MaxY,
                                         int Token, float PredictedIoU, float Stability)
{
    /// <summary>Centroid x, encoder-frame px.</summary>
    public double CentroidX => SumX / Area;
    /// <summary>Centroid y, encoder-frame px.</summary>
    public double CentroidY => SumY / Area;
}

/// <summary>
/// Post-processing of the decoder's low-resolution mask logits (4 tokens × 256 × 256, one cell =
/// 4 × 4 encoder-frame px): stability score, the connected component containing the prompt,
/// mask choice among tokens (the smallest component passing the filters, which the issue's
/// measurements found best), and refinement of the chosen component at encoder-frame resolution by
/// bilinear upsampling of the logits over its neighbourhood only (SAM's own upsampling, align
/// corners off), so full-size masks are never built.
/// </summary>
public static class SamMaskAnalysis
{
    /// <summary>Low-resolution mask side.</summary>
    public const int LowRes = 256;
    /// <summary>Encoder-frame px per low-resolution cell.</summary>
    public const int Cell = SamPreprocessor.Side / LowRes;

    /// <summary>SAM's stability score: |logits &gt; +offset| / |logits &gt; −offset| (1 when both are empty).</summary>
    public static float StabilityScore(ReadOnlySpan<float> logits, float offset = 1f)
    {
        int hi = 0, lo = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            float v = logits[i];
            if (v > offset) hi++;
            if (v > -offset) lo++;
        }
        return lo == 0 ? 1f : (float)hi / lo;
    }

    /// <summary>
    /// Flood-fills the 4-connected component of <c>grid &gt; threshold</c> (a <paramref name="w"/> ×
    /// <paramref name="h"/> plane) that contains (<paramref name="sx"/>, <paramref name="sy"/>) or,
    /// when that cell is outside the mask, the first mask cell in its 3 × 3 neighbourhood.
    /// Visited cells are marked in <paramref name="visited"/> with <paramref name="mark"/>.
    /// </summary>
    /// <returns>Component size in cells (0 when no seed lies in the mask); bounding box in cells via the out parameters.</returns>
    public static int Component(ReadOnlySpan<float> grid, int w, int h, float threshold, int sx, int sy,
                                Span<int> visited, int mark, Span<int> queue,
                                out int minX, out int minY, out int maxX, out int maxY, out double sumX, out double sumY)
    {
        minX = minY = int.MaxValue; maxX = maxY = -1; sumX = sumY = 0;
        int seed = -1;
        for (int r = 0; r <= 1 && seed < 0; r++)
            for (int dy = -r; dy <= r && seed < 0; dy++)
                for (int dx = -r; dx <= r && seed < 0; dx++)
                {
                    int x = sx + dx, y = sy + dy;
                    if ((uint)x < (uint)w && (uint)y < (uint)h && grid[y * w + x] > threshold) seed = y * w + x;
                }
        if (seed < 0) return 0;
        int head = 0, tail = 0, count = 0;
        queue[tail++] = seed;
        visited[seed] = mark;
        while (head < tail)
        {
            int p = queue[head++];
            int x = p % w, y = p / w;
            count++;
            sumX += x + 0.5; sumY += y + 0.5;
            if (x < minX) minX = x;
            if (x > maxX) maxX = x;
            if (y < minY) minY = y;
            if (y > maxY) maxY = y;
            if (x > 0) Visit(p - 1, grid, threshold, visited, mark, queue, ref tail);
            if (x + 1 < w) Visit(p + 1, grid, threshold, visited, mark, queue, ref tail);
            if (y > 0) Visit(p - w, grid, threshold, visited, mark, queue, ref tail);
            if (y + 1 < h) Visit(p + w, grid, threshold, visited, mark, queue, ref tail);
        }
        return count;
    }

    private static void Visit(int q, ReadOnlySpan<float> grid, float threshold, Span<int> visited, int mark, Span<int> queue, ref int tail)
    {
        if (visited[q] != mark && grid[q] > threshold)
        {
            visited[q] = mark;
            queue[tail++] = q;
        }
    }

    /// <summary>
    /// Upsamples <paramref name="logits"/> (the whole 256 × 256 mask grid) bilinearly over
    /// encoder-frame window [<paramref name="x0"/>, <paramref name="x1"/>) ×
    /// [<paramref name="y0"/>, <paramref name="y1"/>) into <paramref name="window"/> (row-major,
    /// width x1 − x0).
    /// </summary>
    public static void Upsample(ReadOnlySpan<float> logits, int x0, int y0, int x1, int y1, Span<float> window) =>
        Upsample(logits, new SamMaskGrid(0, 0, LowRes), x0, y0, x1, y1, window);

    /// <summary>
    /// Upsamples <paramref name="logits"/> (<paramref name="grid"/>.Side² cells lying at
    /// <paramref name="grid"/>'s origin in the 256 × 256 mask grid) bilinearly, as SAM does (align
    /// corners off, edges clamped to the grid), over encoder-frame window
    /// [<paramref name="x0"/>, <paramref name="x1"/>) × [<paramref name="y0"/>, <paramref name="y1"/>)
    /// into <paramref name="window"/> (row-major, width x1 − x0).
    /// </summary>
    public static void Upsample(ReadOnlySpan<float> logits, SamMaskGrid grid, int x0, int y0, int x1, int y1, Span<float> window)
    {
        int ww = x1 - x0, side = grid.Side;
        for (int y = y0; y < y1; y++)
        {
            double fy = (y + 0.5) / Cell - 0.5 - grid.OriginY;
            int cy = (int)Math.Floor(fy);
            float ty = (float)(fy - cy);
            int ya = Math.Clamp(cy, 0, side - 1), yb = Math.Clamp(cy + 1, 0, side - 1);
            for (int x = x0; x < x1; x++)
            {
                double fx = (x + 0.5) / Cell - 0.5 - grid.OriginX;
                int cx = (int)Math.Floor(fx);
                float tx = (float)(fx - cx);
                int xa = Math.Clamp(cx, 0, side - 1), xb = Math.Clamp(cx + 1, 0, side - 1);
                float top = logits[ya * side + xa] * (1 - tx) + logits[ya * side + xb] * tx;
                float bot = logits[yb * side + xa] * (1 - tx) + logits[yb * side + xb] * tx;
                window[(y - y0) * ww + (x - x0)] = top * (1 - ty) + bot * ty;
            }
        }
    }
}
