using System.Buffers;

namespace EdgeCtl.Inference.Detection;

/// <summary>One watershed marker: seed pixel, the level below which its basin stops growing, and its maximum reach (px from the seed).</summary>
/// <param name="X">Seed column.</param>
/// <param name="Y">Seed row.</param>
/// <param name="StopLevel">Pixels with a value below this are not added to this marker's region.</param>
/// <param name="MaxRadius">Pixels farther than this from the seed are not added, px.</param>
internal readonly record struct WatershedSeed(int X, int Y, float StopLevel, float MaxRadius);

/// <summary>
/// Marker-controlled watershed by priority flooding (Meyer, "Topographic distance and watershed
/// lines", Signal Processing 38 (1994) 113; Beucher &amp; Meyer 1993), on an intensity map where
/// particles are bright: flooding proceeds from the markers in order of decreasing intensity, so
/// two touching particles meet along the intensity valley (saddle) between them. Each marker's
/// basin additionally stops at its own <see cref="WatershedSeed.StopLevel"/> (a fraction of its
/// peak) and <see cref="WatershedSeed.MaxRadius"/>, which turns the flood into a per-particle
/// segmentation. 4-connected. Priorities are quantised into 1024 levels of a bucket queue with
/// FIFO buckets: O(N), no per-pixel allocation.
/// </summary>
internal static class MarkerWatershed
{
    private const int Levels = 1024;

    /// <summary>Fills <paramref name="labels"/> (length width · height) with 0 (background) or 1 + seed index.</summary>
    /// <param name="values">Intensity map, particles bright, row-major width × height.</param>
    /// <param name="width">Columns, px.</param>
    /// <param name="height">Rows, px.</param>
    /// <param name="seeds">Markers; seed i gets label i + 1 (a seed on an already labelled pixel is skipped).</param>
    /// <param name="floor">Global floor: no pixel below it is labelled (seeds excepted).</param>
    /// <param name="labels">Output labels, length ≥ width · height.</param>
    public static void Flood(ReadOnlySpan<float> values, int width, int height, ReadOnlySpan<WatershedSeed> seeds, float floor, Span<int> labels)
    {
        int n = width * height;
        labels.Slice(0, n).Clear();
        float max = floor;
        for (int i = 0; i < n; i++) if (values[i] > max) max = values[i];
        float scale = max > floor ? (Levels - 1) / (max - floor) : 0;

        int[] next = PlanePool<int>.Rent(n);
        int[] head = ArrayPool<int>.Shared.Rent(Levels);
        int[] tail = ArrayPool<int>.Shared.Rent(Levels);
        try
        {
            Array.Fill(head, -1, 0, Levels);
            Array.Fill(tail, -1, 0, Levels);
            int current = -1;
            for (int s = 0; s < seeds.Length; s++)
            {
                var sd = seeds[s];
                int p = sd.Y * width + sd.X;
                if ((uint)sd.X >= (uint)width || (uint)sd.Y >= (uint)height || labels[p] != 0) continue;
                labels[p] = s + 1;
                int level = Level(values[p], floor, scale);
                Push(p, level, head, tail, next);
                if (level > current) current = level;
            }

            while (current >= 0)
            {
                int p = head[current];
                if (p < 0) { current--; continue; }
                head[current] = next[p];
                if (head[current] < 0) tail[current] = -1;

                int label = labels[p];
                var sd = seeds[label - 1];
                float stop = Math.Max(floor, sd.StopLevel);
                float r2 = sd.MaxRadius * sd.MaxRadius;
                int px = p % width, py = p / width;
                for (int k = 0; k < 4; k++)
                {
                    int qx = px + (k == 0 ? -1 : k == 1 ? 1 : 0);
                    int qy = py + (k == 2 ? -1 : k == 3 ? 1 : 0);
                    if ((uint)qx >= (uint)width || (uint)qy >= (uint)height) continue;
                    int q = qy * width + qx;
                    if (labels[q] != 0) continue;
                    float v = values[q];
                    if (v < stop) continue;
                    float dx = qx - sd.X, dy = qy - sd.Y;
                    if (dx * dx + dy * dy > r2) continue;
                    labels[q] = label;
                    Push(q, Math.Min(current, Level(v, floor, scale)), head, tail, next);
                }
            }
        }
        finally
        {
            PlanePool<int>.Return(next);
            ArrayPool<int>.Shared.Return(head);
            ArrayPool<int>.Shared.Return(tail);
        }
    }

    private static int Level(float v, float floor, float scale) => Math.Clamp((int)((v - floor) * scale), 0, Levels - 1);

    private static void Push(int p, int level, int[] head, int[] tail, int[] next)
    {
        next[p] = -1;
        if (tail[level] < 0) head[level] = p;
        else next[tail[level]] = p;
        tail[level] = p;
    }
}
