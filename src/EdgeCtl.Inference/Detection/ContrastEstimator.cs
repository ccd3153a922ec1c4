namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Decides dark-field (bright particles) versus bright-field (dark particles). The background
/// is the bulk of the intensity distribution (its median); particles form a tail on one side.
/// The side whose tail extends further from the median, measured at the 0.5th and 99.5th
/// percentiles of a lightly smoothed copy (σ = 1 px, to suppress shot noise), is the particle
/// side; ties fall back to the sign of the skewness. HAADF (Z-contrast) images give a bright
/// tail; bright-field images a dark one.
/// </summary>
internal static class ContrastEstimator
{
    /// <summary>True when particles are darker than the background.</summary>
    /// <param name="stats">Statistics of the smoothed image.</param>
    public static bool IsBrightField(RobustStatistics stats)
    {
        double med = stats.Median;
        double hi = stats.Percentile(99.5) - med;
        double lo = med - stats.Percentile(0.5);
        if (Math.Abs(hi - lo) > 0.1 * Math.Max(hi, lo)) return lo > hi;
        return stats.Skewness() < 0;
    }
}
