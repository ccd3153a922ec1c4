using System.Buffers;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Non-maximum suppression across scales: candidates are visited by decreasing LoG response and
/// kept unless the disc of radius σ√2 overlaps an already kept disc by more than
/// <c>maxOverlap</c> of the smaller disc's area (the pruning rule of scikit-image's
/// <c>blob_log</c>). Kept discs are indexed in a uniform grid (each disc in every cell its
/// bounding square touches), so two overlapping discs always share a cell: O(n) expected.
/// </summary>
internal static class BlobSuppression
{
    private const int CellPx = 8;
    [ThreadStatic] private static List<int>? t_next, t_item;
    private static readonly Comparison<BlobCandidate> ByResponseDescending = static (a, b) => b.Response.CompareTo(a.Response);

    /// <summary>Sorts <paramref name="candidates"/> in place and appends the survivors to <paramref name="kept"/>.</summary>
    public static void Suppress(List<BlobCandidate> candidates, int width, int height, double maxOverlap, List<BlobCandidate> kept)
    {
        candidates.Sort(ByResponseDescending);
        int gw = width / CellPx + 1, gh = height / CellPx + 1;
        int[] head = ArrayPool<int>.Shared.Rent(gw * gh);
        // Grid chains, reused per thread (they grow to a few entries per candidate).
        var next = t_next ??= [];
        var item = t_item ??= [];
        next.Clear();
        item.Clear();
        try
        {
            Array.Fill(head, -1, 0, gw * gh);
            for (int i = 0; i < candidates.Count; i++)
            {
                var c = candidates[i];
                double r = c.Radius;
                int cx0 = Math.Clamp((int)((c.X - r) / CellPx), 0, gw - 1), cx1 = Math.Clamp((int)((c.X + r) / CellPx), 0, gw - 1);
                int cy0 = Math.Clamp((int)((c.Y - r) / CellPx), 0, gh - 1), cy1 = Math.Clamp((int)((c.Y + r) / CellPx), 0, gh - 1);
                bool suppressed = false;
                for (int gy = cy0; gy <= cy1 && !suppressed; gy++)
                {
                    for (int gx = cx0; gx <= cx1 && !suppressed; gx++)
                    {
                        for (int n = head[gy * gw + gx]; n >= 0; n = next[n])
                        {
                            var k = kept[item[n]];
                            if (OverlapOfSmaller(c.X, c.Y, r, k.X, k.Y, k.Radius) > maxOverlap) { suppressed = true; break; }
                        }
                    }
                }
                if (suppressed) continue;
                int index = kept.Count;
                kept.Add(c);
                for (int gy = cy0; gy <= cy1; gy++)
                {
                    for (int gx = cx0; gx <= cx1; gx++)
                    {
                        next.Add(head[gy * gw + gx]);
                        item.Add(index);
                        head[gy * gw + gx] = next.Count - 1;
                    }
                }
            }
        }
        finally { ArrayPool<int>.Shared.Return(head); }
    }

    /// <summary>Area of the intersection of two discs divided by the smaller disc's area, in [0, 1].</summary>
    internal static double OverlapOfSmaller(double x1, double y1, double r1, double x2, double y2, double r2)
    {
        double d = Math.Sqrt((x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2));
        double rs = Math.Min(r1, r2), rl = Math.Max(r1, r2);
        if (d >= r1 + r2) return 0;
        if (d <= rl - rs) return 1;
        // Lens area (two circular segments).
        double a1 = Math.Acos(Math.Clamp((d * d + r1 * r1 - r2 * r2) / (2 * d * r1), -1, 1));
        double a2 = Math.Acos(Math.Clamp((d * d + r2 * r2 - r1 * r1) / (2 * d * r2), -1, 1));
        double lens = r1 * r1 * (a1 - Math.Sin(2 * a1) / 2) + r2 * r2 * (a2 - Math.Sin(2 * a2) / 2);
        return lens / (Math.PI * rs * rs);
    }
}
