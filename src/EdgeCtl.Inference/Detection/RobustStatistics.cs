using System.Buffers;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Order statistics of large pixel planes from a regular subsample of at most
/// <see cref="MaxSamples"/> values (copied into a pooled buffer): percentiles, median and the
/// normalised median absolute deviation (1.4826 · MAD, a consistent estimator of σ for Gaussian
/// noise; Rousseeuw &amp; Croux, JASA 88 (1993) 1273). Order statistics are found by selection
/// (Hoare's quickselect with a median-of-three pivot, O(n) expected; a full sort of the remaining
/// range past a depth limit bounds the worst case), not by sorting the whole sample: the values
/// are the same as from the sorted sample, at a fraction of the cost (the classical detector asks
/// for one MAD per LoG scale, ~30 per image). Only <see cref="Skewness"/>, which sums in sorted
/// order, sorts the sample.
/// </summary>
internal sealed class RobustStatistics : IDisposable
{
    /// <summary>Upper bound on the number of samples kept.</summary>
    public const int MaxSamples = 1 << 18;

    private float[]? _sorted;
    private readonly int _count;
    private bool _isSorted;

    /// <summary>Samples <paramref name="values"/> with a fixed stride (at most <paramref name="maxSamples"/> values).</summary>
    public RobustStatistics(ReadOnlySpan<float> values, int maxSamples = MaxSamples)
    {
        int stride = Math.Max(1, (values.Length + maxSamples - 1) / maxSamples);
        _count = (values.Length + stride - 1) / stride;
        _sorted = ArrayPool<float>.Shared.Rent(Math.Max(1, _count));
        for (int i = 0, j = 0; i < values.Length; i += stride, j++) _sorted[j] = values[i];
        _isSorted = _count < 2;
    }

    /// <summary>The <paramref name="percent"/>-th percentile (0..100), linear interpolation between order statistics.</summary>
    public double Percentile(double percent)
    {
        var s = _sorted ?? throw new ObjectDisposedException(nameof(RobustStatistics));
        if (_count == 0) return double.NaN;
        double pos = Math.Clamp(percent, 0, 100) / 100.0 * (_count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, _count - 1);
        float sLo, sHi;
        if (_isSorted)
        {
            sLo = s[lo];
            sHi = s[hi];
        }
        else
        {
            // After selecting rank lo, every later element is ≥ s[lo]: rank lo + 1 is their minimum.
            sLo = Select(s.AsSpan(0, _count), lo);
            sHi = hi == lo ? sLo : Min(s.AsSpan(lo + 1, _count - lo - 1));
        }
        return sLo + (pos - lo) * (sHi - sLo);
    }

    /// <summary>Median.</summary>
    public double Median => Percentile(50);

    /// <summary>1.4826 · median(|x − median|).</summary>
    public double NormalisedMad()
    {
        var s = _sorted ?? throw new ObjectDisposedException(nameof(RobustStatistics));
        double med = Median;
        float[] dev = ArrayPool<float>.Shared.Rent(Math.Max(1, _count));
        try
        {
            for (int i = 0; i < _count; i++) dev[i] = (float)Math.Abs(s[i] - med);
            return 1.4826 * (_count == 0 ? 0 : Select(dev.AsSpan(0, _count), (_count - 1) / 2));
        }
        finally { ArrayPool<float>.Shared.Return(dev); }
    }

    /// <summary>Standardised third moment (sample skewness) of the subsample.</summary>
    public double Skewness()
    {
        var s = _sorted ?? throw new ObjectDisposedException(nameof(RobustStatistics));
        // The sums run in sorted order (as they always have), so the result does not depend on
        // which selections ran before.
        if (!_isSorted)
        {
            Array.Sort(s, 0, _count);
            _isSorted = true;
        }
        double mean = 0;
        for (int i = 0; i < _count; i++) mean += s[i];
        mean /= Math.Max(1, _count);
        double m2 = 0, m3 = 0;
        for (int i = 0; i < _count; i++) { double d = s[i] - mean; m2 += d * d; m3 += d * d * d; }
        m2 /= Math.Max(1, _count); m3 /= Math.Max(1, _count);
        return m2 > 0 ? m3 / Math.Pow(m2, 1.5) : 0;
    }

    /// <summary>
    /// The value of rank <paramref name="k"/> (0-based) of <paramref name="a"/>, which is permuted so
    /// that a[k] holds it, a[..k] ≤ a[k] ≤ a[(k + 1)..]. Hoare partitioning with a median-of-three
    /// pivot (equal keys split evenly, so constant runs stay O(n)); past ~2 log₂ n rounds the
    /// remaining range is sorted instead, which bounds the worst case at O(n log n).
    /// </summary>
    internal static float Select(Span<float> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        int budget = 2 * (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)a.Length)) + 8;
        while (hi - lo > 16)
        {
            if (--budget < 0)
            {
                a.Slice(lo, hi - lo + 1).Sort();
                return a[k];
            }
            int mid = lo + ((hi - lo) >> 1);
            // Median of three into a[mid]; a[lo] ≤ a[mid] ≤ a[hi] act as sentinels.
            if (a[mid] < a[lo]) (a[mid], a[lo]) = (a[lo], a[mid]);
            if (a[hi] < a[lo]) (a[hi], a[lo]) = (a[lo], a[hi]);
            if (a[hi] < a[mid]) (a[hi], a[mid]) = (a[mid], a[hi]);
            float pivot = a[mid];
            int i = lo, j = hi;
            while (true)
            {
                do i++; while (a[i] < pivot);
                do j--; while (a[j] > pivot);
                if (i >= j) break;
                (a[i], a[j]) = (a[j], a[i]);
            }
            // Now a[lo..j] ≤ pivot ≤ a[(j + 1)..hi].
            if (k <= j) hi = j;
            else lo = j + 1;
        }
        a.Slice(lo, hi - lo + 1).Sort();
        return a[k];
    }

    private static float Min(ReadOnlySpan<float> a)
    {
        float m = a[0];
        for (int i = 1; i < a.Length; i++) if (a[i] < m) m = a[i];
        return m;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var b = Interlocked.Exchange(ref _sorted, null);
        if (b is not null) ArrayPool<float>.Shared.Return(b);
    }
}
