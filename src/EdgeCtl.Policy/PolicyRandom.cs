using EdgeCtl.Realtime;

namespace EdgeCtl.Policy;

/// <summary>
/// Seeded, platform-independent pseudo-random generator (<see cref="Xoshiro256"/>: xoshiro256** seeded through
/// SplitMix64; Blackman &amp; Vigna 2018) with the draws the policy needs, so that a campaign replayed with the same seed makes the same decisions on any runtime.
/// Not thread-safe.
/// </summary>
public sealed class PolicyRandom
{
    private readonly Xoshiro256 _core;

    /// <summary>Creates a generator from a 64-bit seed (any value, including 0).</summary>
    public PolicyRandom(ulong seed) => _core = new Xoshiro256(unchecked((long)seed));

    /// <summary>Next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64() => _core.NextUInt64();

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => _core.NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), <paramref name="maxExclusive"/> ≥ 1.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        return (int)(NextDouble() * maxExclusive);
    }

    /// <summary>Standard exponential variate (mean 1), by inversion.</summary>
    public double NextExponential() => -Math.Log(1.0 - NextDouble());

    /// <summary>
    /// Fills <paramref name="point"/> (length D ≥ 1) with a draw from the flat Dirichlet(1, …, 1), i.e. a point
    /// uniform on the composition simplex: normalised independent exponentials.
    /// </summary>
    public void NextSimplexPoint(Span<double> point)
    {
        double sum = 0;
        for (int i = 0; i < point.Length; i++)
        {
            point[i] = NextExponential();
            sum += point[i];
        }
        for (int i = 0; i < point.Length; i++) point[i] /= sum;
    }

    /// <summary>Poisson variate with mean <paramref name="mean"/> ≥ 0 (Knuth's product method; O(mean)).</summary>
    public int NextPoisson(double mean)
    {
        if (!(mean >= 0) || !double.IsFinite(mean))
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "Poisson mean must be finite and ≥ 0.");
        // Split large means so exp(−mean) does not underflow.
        int total = 0;
        while (mean > 0)
        {
            double chunk = Math.Min(mean, 500);
            mean -= chunk;
            double limit = Math.Exp(-chunk), p = 1;
            int k = -1;
            do { k++; p *= NextDouble(); } while (p > limit);
            total += k;
        }
        return total;
    }
}
