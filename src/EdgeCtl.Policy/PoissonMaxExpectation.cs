using System.Runtime.CompilerServices;

namespace EdgeCtl.Policy;

/// <summary>
/// Closed-form expectation of the best of a random number of prior draws, eqs 11–13.
/// <para>
/// A new region holds N ~ Poisson(m) particles, m = ρA (eq 11); their augmented acquisitions are i.i.d. draws
/// from the empirical distribution F of the B values v₍₁₎ ≤ … ≤ v₍B₎ of a pre-drawn bank of prior compositions.
/// Then P(max ≤ t) = Σ_N P(N) F(t)^N = exp(−m (1 − F(t))) and, with F(v₍k₎) = k/B and an empty region worth 0,
/// </para>
/// <code>E[max] = Σ_{k=1..B} v₍k₎ [exp(−m(1 − k/B)) − exp(−m(1 − (k−1)/B))]   (eqs 12–13)</code>
/// <para>
/// — the exact expectation of the Monte-Carlo estimator with infinitely many draws, computed in O(B) with no
/// sampling noise (the tests cross-check it against sampling). Terms are summed from the top and stopped once
/// the remaining probability mass is below 1e-16.
/// </para>
/// </summary>
public static class PoissonMaxExpectation
{
    private const double Negligible = 1e-16;

    /// <summary>E[max of N ~ Poisson(m) draws] (0 when N = 0), eqs 11–13.</summary>
    /// <param name="sortedAscending">The bank's values v₍₁₎ ≤ … ≤ v₍B₎ (B ≥ 1), acquisition units.</param>
    /// <param name="meanCount">m = ρA ≥ 0, expected particle count of the region.</param>
    /// <exception cref="ArgumentException">Empty bank or invalid m.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ExpectedMaxPoisson(ReadOnlySpan<double> sortedAscending, double meanCount)
    {
        int b = sortedAscending.Length;
        if (b == 0) throw new ArgumentException("The bank is empty.", nameof(sortedAscending));
        if (!(meanCount >= 0) || !double.IsFinite(meanCount))
            throw new ArgumentOutOfRangeException(nameof(meanCount), meanCount, "Expected count must be finite and ≥ 0.");
        double sum = 0;
        double upper = 1.0; // P(max ≤ v₍k₎) at k = B
        for (int k = b; k >= 1; k--)
        {
            double lower = Math.Exp(-meanCount * (1.0 - (double)(k - 1) / b));
            sum += sortedAscending[k - 1] * (upper - lower);
            if (lower < Negligible) break;
            upper = lower;
        }
        return sum;
    }

    /// <summary>
    /// E[max of exactly K draws] = Σ v₍k₎ [(k/B)^K − ((k−1)/B)^K]: the expected best of a region whose K remaining
    /// candidates are unknown (K = 0 gives 0).
    /// </summary>
    /// <param name="sortedAscending">Bank values, ascending (B ≥ 1).</param>
    /// <param name="count">K ≥ 0.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ExpectedMaxFixedCount(ReadOnlySpan<double> sortedAscending, int count)
    {
        int b = sortedAscending.Length;
        if (b == 0) throw new ArgumentException("The bank is empty.", nameof(sortedAscending));
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0) return 0;
        double sum = 0;
        double upper = 1.0;
        for (int k = b; k >= 1; k--)
        {
            double lower = Math.Pow((double)(k - 1) / b, count);
            sum += sortedAscending[k - 1] * (upper - lower);
            if (lower < Negligible) break;
            upper = lower;
        }
        return sum;
    }
}
