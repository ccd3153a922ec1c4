using EdgeCtl.Realtime;
namespace EdgeCtl.Hil.Numerics;

/// <summary>
/// Random variates used by the specimen and the detectors: normal, exponential, Poisson and
/// binomial. All are allocation-free and draw only from the given <see cref="Xoshiro256"/>.
/// </summary>
public static class Sampling
{
    /// <summary>Standard normal variate (Marsaglia polar method).</summary>
    public static double Normal(Xoshiro256 rng)
    {
        while (true)
        {
            double u = 2 * rng.NextDouble() - 1, v = 2 * rng.NextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) return u * Math.Sqrt(-2 * Math.Log(s) / s);
        }
    }

    /// <summary>Exponential variate with mean 1; normalised sets of these are Dirichlet(1) draws.</summary>
    public static double Exponential(Xoshiro256 rng) => -Math.Log(rng.NextDoubleNonZero());

    /// <summary>
    /// Poisson variate with mean <paramref name="lambda"/> (≥ 0; NaN and negatives give 0).
    /// Knuth's multiplication method below 10, Hörmann's PTRS transformed rejection above
    /// (W. Hörmann, "The transformed rejection method for generating Poisson random variables",
    /// Insurance: Mathematics and Economics 12, 1993), which is exact and O(1).
    /// </summary>
    public static long Poisson(Xoshiro256 rng, double lambda)
    {
        if (!(lambda > 0)) return 0;
        if (lambda < 10)
        {
            double limit = Math.Exp(-lambda), p = rng.NextDouble();
            long k = 0;
            while (p > limit)
            {
                k++;
                p *= rng.NextDouble();
            }
            return k;
        }
        double slam = Math.Sqrt(lambda), logLam = Math.Log(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            double u = rng.NextDouble() - 0.5;
            double v = rng.NextDoubleNonZero();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) return (long)k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.Log(v) + Math.Log(invAlpha) - Math.Log(a / (us * us) + b)
                <= -lambda + k * logLam - LogFactorial(k))
                return (long)k;
        }
    }

    /// <summary>Binomial thinning: each of <paramref name="n"/> events kept with probability
    /// <paramref name="p"/> (clamped to [0, 1]). Exact; O(n), meant for the small per-channel
    /// counts of a recorded spectrum image.</summary>
    public static long Binomial(Xoshiro256 rng, long n, double p)
    {
        if (n <= 0 || !(p > 0)) return 0;
        if (p >= 1) return n;
        long kept = 0;
        for (long i = 0; i < n; i++)
            if (rng.NextDouble() < p) kept++;
        return kept;
    }

    /// <summary>ln(k!) for k ≥ 0: exact sum below 10, Stirling series above.</summary>
    public static double LogFactorial(double k)
    {
        if (k < 10)
        {
            double s = 0;
            for (int i = 2; i <= (int)k; i++) s += Math.Log(i);
            return s;
        }
        double k1 = k + 1;
        return (k1 - 0.5) * Math.Log(k1) - k1 + 0.5 * Math.Log(2 * Math.PI)
               + 1 / (12 * k1) - 1 / (360 * k1 * k1 * k1);
    }
}
