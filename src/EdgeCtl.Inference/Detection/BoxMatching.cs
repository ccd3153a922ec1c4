using System.Buffers;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Greedy one-to-one matching of predicted to ground-truth boxes: all pairs with IoU ≥ the
/// threshold are sorted by IoU descending (ties: lower ground-truth index, then lower prediction
/// index) and accepted when neither box is matched yet. This is the matching used by the PASCAL
/// VOC / COCO evaluation when predictions carry no ranking.
/// </summary>
public static class BoxMatching
{
    /// <summary>Default IoU threshold (0.5, PASCAL VOC).</summary>
    public const double DefaultIoU = 0.5;

    /// <summary>Matches <paramref name="predicted"/> to <paramref name="truth"/>.</summary>
    /// <param name="predicted">Predicted boxes.</param>
    /// <param name="truth">Ground-truth boxes.</param>
    /// <param name="predictedMatch">Output, length ≥ predicted count: index of the matched ground truth or −1.</param>
    /// <param name="truthMatch">Output, length ≥ truth count: index of the matched prediction or −1.</param>
    /// <param name="minIoU">Minimum IoU for a match (inclusive), in (0, 1].</param>
    /// <returns>Number of matches (true positives).</returns>
    /// <exception cref="ArgumentException">An output span is too short or <paramref name="minIoU"/> is out of range.</exception>
    public static int Match(ReadOnlySpan<BoundingBox> predicted, ReadOnlySpan<BoundingBox> truth,
        Span<int> predictedMatch, Span<int> truthMatch, double minIoU = DefaultIoU)
    {
        if (!(minIoU > 0 && minIoU <= 1)) throw new ArgumentException($"minIoU must be in (0, 1], got {minIoU}.", nameof(minIoU));
        if (predictedMatch.Length < predicted.Length) throw new ArgumentException("predictedMatch is shorter than predicted.", nameof(predictedMatch));
        if (truthMatch.Length < truth.Length) throw new ArgumentException("truthMatch is shorter than truth.", nameof(truthMatch));
        predictedMatch.Slice(0, predicted.Length).Fill(-1);
        truthMatch.Slice(0, truth.Length).Fill(-1);
        if (predicted.Length == 0 || truth.Length == 0) return 0;

        // Candidate pairs. Sorting by truth x lets each prediction scan only nearby truths.
        var pairs = new List<(double IoU, int Truth, int Pred)>();
        int[] order = ArrayPool<int>.Shared.Rent(truth.Length);
        double[] left = ArrayPool<double>.Shared.Rent(truth.Length);
        try
        {
            double maxWidth = 0;
            for (int t = 0; t < truth.Length; t++) { order[t] = t; left[t] = truth[t].X; maxWidth = Math.Max(maxWidth, truth[t].Width); }
            Array.Sort(left, order, 0, truth.Length);
            for (int p = 0; p < predicted.Length; p++)
            {
                var pb = predicted[p];
                // Any overlapping truth has X in (pb.X − maxWidth, pb.Right).
                int start = LowerBound(left, truth.Length, pb.X - maxWidth);
                for (int k = start; k < truth.Length && left[k] < pb.Right; k++)
                {
                    int t = order[k];
                    double iou = pb.IoU(truth[t]);
                    if (iou >= minIoU) pairs.Add((iou, t, p));
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<double>.Shared.Return(left);
        }

        pairs.Sort(static (a, b) =>
        {
            int c = b.IoU.CompareTo(a.IoU);
            if (c != 0) return c;
            c = a.Truth.CompareTo(b.Truth);
            return c != 0 ? c : a.Pred.CompareTo(b.Pred);
        });
        int matches = 0;
        foreach (var (_, t, p) in pairs)
        {
            if (truthMatch[t] >= 0 || predictedMatch[p] >= 0) continue;
            truthMatch[t] = p;
            predictedMatch[p] = t;
            matches++;
        }
        return matches;
    }

    private static int LowerBound(double[] sorted, int count, double value)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
