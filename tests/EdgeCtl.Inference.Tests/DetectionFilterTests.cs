using EdgeCtl.Inference.Detection;
using Xunit;

namespace EdgeCtl.Inference.Tests;

/// <summary>
/// The classical detector's plane filters and order statistics against direct reference
/// implementations, and their independence of how the work is split over cores. Planes have odd
/// sizes (not multiples of the vector width or of the 16-lane strips) so that every remainder
/// path runs, and are large enough for <see cref="ParallelRanges"/> to split them.
/// </summary>
public sealed class DetectionFilterTests
{
    private const int W = 301, H = 263;

    private static float[] Noise(int seed, int n = W * H)
    {
        var rng = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        // Plateaus of equal values (ties in min/max and in the order statistics).
        for (int i = 0; i < n; i += 97) a[i] = 0.25f;
        return a;
    }

    /// <summary>Runs <paramref name="filter"/> with one worker and with the machine's workers (at least 2 chunks forced by size).</summary>
    private static (float[] Serial, float[] Split) BothWays(Action<float[]> filter, float[] input)
    {
        var serial = (float[])input.Clone();
        var split = (float[])input.Clone();
        int workers = ParallelRanges.Workers;
        try
        {
            ParallelRanges.Workers = 1;
            filter(serial);
            ParallelRanges.Workers = Math.Max(2, workers);
            filter(split);
        }
        finally { ParallelRanges.Workers = workers; }
        return (serial, split);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(400)]
    public void BoxMeanMatchesDirectWindowMeanAndDoesNotDependOnTheSplit(int r)
    {
        var src = Noise(1);
        var (serial, split) = BothWays(p => ImageFilters.BoxMean(p, p, W, H, r), src);
        Assert.Equal(serial, split);
        for (int y = 0; y < H; y += 7)
        {
            for (int x = 0; x < W; x += 5)
            {
                double s = 0;
                int count = 0;
                for (int yy = Math.Max(0, y - r); yy <= Math.Min(H - 1, y + r); yy++)
                    for (int xx = Math.Max(0, x - r); xx <= Math.Min(W - 1, x + r); xx++) { s += src[yy * W + xx]; count++; }
                Assert.Equal(s / count, serial[y * W + x], 1e-5);
            }
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(6, true)]
    [InlineData(40, false)]
    public void MinMaxFilterEqualsDirectWindowExtremumAndDoesNotDependOnTheSplit(int r, bool max)
    {
        var src = Noise(2);
        var (serial, split) = BothWays(p => ImageFilters.MinMaxFilter(p, p, W, H, r, max), src);
        Assert.Equal(serial, split);
        for (int y = 0; y < H; y += 3)
        {
            for (int x = 0; x < W; x += 4)
            {
                float e = max ? float.NegativeInfinity : float.PositiveInfinity;
                for (int yy = Math.Max(0, y - r); yy <= Math.Min(H - 1, y + r); yy++)
                    for (int xx = Math.Max(0, x - r); xx <= Math.Min(W - 1, x + r); xx++)
                        e = max ? Math.Max(e, src[yy * W + xx]) : Math.Min(e, src[yy * W + xx]);
                Assert.Equal(e, serial[y * W + x]);
            }
        }
    }

    [Fact]
    public void NegativeScaledLaplacianEqualsTheFivePointStencilBitForBit()
    {
        var src = Noise(3);
        var (serial, split) = BothWays(p =>
        {
            var o = new float[W * H];
            ImageFilters.NegativeScaledLaplacian(src, o, W, H, 2.5f);
            o.CopyTo(p, 0);
        }, src);
        Assert.Equal(serial, split);
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                float c = src[y * W + x];
                float l = src[y * W + Math.Max(0, x - 1)], rr = src[y * W + Math.Min(W - 1, x + 1)];
                float u = src[Math.Max(0, y - 1) * W + x], d = src[Math.Min(H - 1, y + 1) * W + x];
                Assert.Equal(-2.5f * (l + rr + u + d - 4 * c), serial[y * W + x]);
            }
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void GaussianBlurPreservesTheMeanAndDoesNotDependOnTheSplit(double sigma)
    {
        var src = Noise(4);
        var (serial, split) = BothWays(p => ImageFilters.GaussianBlur(p, p, W, H, sigma), src);
        Assert.Equal(serial, split);
        Assert.Equal(src.Average(), serial.Average(), 2e-3);
        Assert.True(Variance(serial) < Variance(src));
    }

    [Fact]
    public void OrderStatisticsEqualThoseOfTheSortedSample()
    {
        foreach (int n in new[] { 1, 2, 17, 1000, 65_537 })
        {
            var values = Noise(5 + n, n);
            var sorted = (float[])values.Clone();
            Array.Sort(sorted);
            using var st = new RobustStatistics(values, n);
            foreach (double p in new[] { 0, 0.5, 25, 50, 99.5, 99.8, 100 })
            {
                double pos = p / 100 * (n - 1);
                int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, n - 1);
                Assert.Equal(sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]), st.Percentile(p));
            }
            double med = st.Median;
            var dev = sorted.Select(v => (float)Math.Abs(v - med)).ToArray();
            Array.Sort(dev);
            Assert.Equal(1.4826 * dev[(n - 1) / 2], st.NormalisedMad());
        }
    }

    [Fact]
    public void SelectionHandlesConstantAndSortedInputs()
    {
        var constant = Enumerable.Repeat(3f, 10_000).ToArray();
        Assert.Equal(3f, RobustStatistics.Select(constant, 4_999));
        var ascending = Enumerable.Range(0, 10_001).Select(i => (float)i).ToArray();
        Assert.Equal(5_000f, RobustStatistics.Select(ascending, 5_000));
        var descending = Enumerable.Range(0, 10_001).Select(i => (float)-i).ToArray();
        Assert.Equal(-10_000f, RobustStatistics.Select(descending, 0));
    }

    [Fact]
    public void FiltersRejectPlanesShorterThanTheirSize()
    {
        var small = new float[10];
        Assert.Throws<ArgumentException>(() => ImageFilters.BoxMean(small, small, 4, 4, 1));
        Assert.Throws<ArgumentException>(() => ImageFilters.MinMaxFilter(small, small, 4, 4, 1, max: true));
        Assert.Throws<ArgumentException>(() => ImageFilters.GaussianBlur(small, small, 4, 4, 1.0));
    }

    private static double Variance(float[] a)
    {
        double m = a.Average();
        return a.Sum(v => (v - m) * (v - m)) / a.Length;
    }
}
