namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Recognises photon/electron-counting images (offset + Poisson counts, as a HAADF detector read
/// at short dwell gives) and stabilises their variance with the Anscombe transform
/// 2·sqrt(x − offset + 3/8) (Anscombe, Biometrika 35 (1948) 246). At a background of a few counts
/// per pixel Poisson noise is strongly right-skewed (skewness 1/√λ ≈ 0.35 at λ = 8), so bright
/// noise extrema of the LoG far outnumber the mirrored dark ones and the mirror false-discovery
/// control (<see cref="FalseDiscoveryControl"/>) cannot reject them; after the transform the noise
/// is close to symmetric with unit variance.
/// <para>Test: every pixel is a non-negative integer; the white-noise variance λ̂ (from
/// horizontal neighbour differences: mean of d²/2 over |d| ≤ 4 robust σ) is in
/// [<see cref="MinCounts"/>, <see cref="MaxCounts"/>]; the noise is white (the same estimate
/// from differences at lag 2 is at most <see cref="MaxLagRatio"/> times larger); the implied offset = median − λ̂ (a Poisson
/// background has mean = variance) is ≥ 0, and the 0.5th percentile is no lower than
/// offset − 1 − 0.25·λ̂ (counts never fall below the offset; Gaussian-noise images with a deep
/// lower tail, dark regions or bright-field particles fail this).</para>
/// </summary>
internal static class CountingNoise
{
    /// <summary>Smallest background (counts) treated as Poisson.</summary>
    public const double MinCounts = 0.5;

    /// <summary>Largest background (counts) worth transforming: above it the skew (1/√λ) is below ~0.14.</summary>
    public const double MaxCounts = 50;

    /// <summary>Largest ratio of the lag-2 to the lag-1 difference variance accepted as white noise.</summary>
    public const double MaxLagRatio = 1.15;

    /// <summary>Whether <paramref name="pixels"/> look like offset + Poisson counts; <paramref name="offset"/> is the estimated offset.</summary>
    /// <param name="pixels">Row-major plane.</param>
    /// <param name="width">Columns.</param>
    /// <param name="height">Rows.</param>
    /// <param name="scratch">Working plane of at least (width − 1) · height values.</param>
    /// <param name="offset">Estimated dark offset (counts), NaN when false.</param>
    public static bool TryEstimateOffset(ReadOnlySpan<float> pixels, int width, int height, Span<float> scratch, out double offset)
    {
        offset = double.NaN;
        if (width < 8 || height < 8) return false;
        for (int i = 0; i < pixels.Length; i++)
        {
            float v = pixels[i];
            if (v < 0 || v != MathF.Round(v)) return false;
        }
        double lambda = DifferenceVariance(pixels, width, height, 1, scratch);
        if (!(lambda >= MinCounts && lambda <= MaxCounts)) return false;
        // Counting noise is white: differences at lag 2 have the same variance as at lag 1.
        // Compressed or resampled images have correlated noise and fail this.
        double lambda2 = DifferenceVariance(pixels, width, height, 2, scratch);
        if (!(lambda2 <= MaxLagRatio * lambda)) return false;
        double median, low;
        using (var ps = new RobustStatistics(pixels, 1 << 16))
        {
            median = ps.Median;
            low = ps.Percentile(0.5);
        }
        double off = median - lambda;
        if (off < -1 || low < off - 1 - 0.25 * lambda) return false;
        offset = Math.Max(0, off);
        return true;
    }

    /// <summary>Half the trimmed mean square of horizontal differences at <paramref name="lag"/> (|d| ≤ 4 robust σ): the white-noise variance; NaN when too much is trimmed.</summary>
    private static double DifferenceVariance(ReadOnlySpan<float> pixels, int width, int height, int lag, Span<float> scratch)
    {
        int m = 0;
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            for (int x = 0; x + lag < width; x++) scratch[m++] = pixels[row + x + lag] - pixels[row + x];
        }
        var d = scratch[..m];
        double sdRobust;
        using (var ds = new RobustStatistics(d, 1 << 16)) sdRobust = ds.NormalisedMad();
        double cut = 4 * Math.Max(sdRobust, 1.0);
        double sum = 0;
        long count = 0;
        for (int i = 0; i < d.Length; i++)
        {
            double v = d[i];
            if (Math.Abs(v) > cut) continue;
            sum += v * v;
            count++;
        }
        return count < d.Length / 2 ? double.NaN : sum / count / 2;
    }

    /// <summary>
    /// Standard deviation of the scale-normalised LoG response −σ²∇²(G_σ ∗ n) of white noise n with
    /// per-pixel standard deviation <paramref name="pixelSigma"/>: pixelSigma / (σ√(2π)), since
    /// ∫(∇²G_σ)² dA = 1/(2πσ⁶). Close to the discrete filters' value from σ ≈ 2 px up.
    /// </summary>
    /// <param name="pixelSigma">Noise standard deviation per pixel, in the units of the filtered plane.</param>
    /// <param name="sigma">LoG scale σ, px.</param>
    public static double LogNoiseSigma(double pixelSigma, double sigma) => pixelSigma / (sigma * Math.Sqrt(2 * Math.PI));

    /// <summary>Anscombe transform of offset-corrected counts into <paramref name="output"/>.</summary>
    public static void Stabilise(ReadOnlySpan<float> pixels, double offset, Span<float> output)
    {
        float o = (float)offset;
        for (int i = 0; i < pixels.Length; i++) output[i] = 2f * MathF.Sqrt(MathF.Max(0f, pixels[i] - o) + 0.375f);
    }
}
