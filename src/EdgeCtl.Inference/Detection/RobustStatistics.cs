using System.Buffers;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Order statistics of large pixel planes from a regular subsample of at most
/// <see cref="MaxSamples"/> values (sorted in a pooled buffer): percentiles, median and the
/// normalised median absolute deviation (1.4826 · MAD, a consistent estimator of σ for Gaussian
/// noise; Rousseeuw &amp; Croux, JASA 88 (1993) 1273).
/// </summary>
internal sealed class RobustStatistics : IDisposable
{
    /// <summary>Upper bound on the number of samples sorted.</summary>
    public const int MaxSamples = 1 << 18;

    private float[]? _sorted;
    private readonly int _count;

    /// <summary>Samples <paramref name="values"/> with a fixed stride (at most <paramref name="maxSamples"/> values) and sorts them.</summary>
    public RobustStatistics(ReadOnlySpan<float> values, int maxSamples = MaxSamples)
    {
        int stride = Math.Max(1, (values.Length + maxSamples - 1) / maxSamples);
        _count = (values.Length + stride - 1) / stride;
        _sorted = ArrayPool<float>.Shared.Rent(Math.Max(1, _count));
        for (int i = 0, j = 0; i < values.Length; i += stride, j++) _sorted[j] = values[i];
        Array.Sort(_sorted, 0, _count);
    }

    /// <summary>The <paramref name="percent"/>-th percentile (0..100), linear interpolation between order statistics.</summary>
    public double Percentile(double percent)
    {
        var s = _sorted ?? throw new ObjectDisposedException(nameof(RobustStatistics));
        if (_count == 0) return double.NaN;
        double pos = Math.Clamp(percent, 0, 100) / 100.0 * (_count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, _count - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
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
            Array.Sort(dev, 0, _count);
            return 1.4826 * (_count == 0 ? 0 : dev[(_count - 1) / 2]);
        }
        finally { ArrayPool<float>.Shared.Return(dev); }
    }

    /// <summary>Standardised third moment (sample skewness) of the subsample.</summary>
    public double Skewness()
    {
        var s = _sorted ?? throw new ObjectDisposedException(nameof(RobustStatistics));
        double mean = 0;
        for (int i = 0; i < _count; i++) mean += s[i];
        mean /= Math.Max(1, _count);
        double m2 = 0, m3 = 0;
        for (int i = 0; i < _count; i++) { double d = s[i] - mean; m2 += d * d; m3 += d * d * d; }
        m2 /= Math.Max(1, _count); m3 /= Math.Max(1, _count);
        return m2 > 0 ? m3 / Math.Pow(m2, 1.5) : 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var b = Interlocked.Exchange(ref _sorted, null);
        if (b is not null) ArrayPool<float>.Shared.Return(b);
    }
}
