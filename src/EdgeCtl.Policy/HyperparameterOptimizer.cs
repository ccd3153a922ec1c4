using System.Runtime.CompilerServices;

namespace EdgeCtl.Policy;

/// <summary>
/// Type-II maximum likelihood for <see cref="GaussianProcess"/>: bounded Nelder–Mead (Nelder &amp; Mead 1965;
/// coefficients 1, 2, ½, ½) on θ = (log ℓ, log s², log σ_n²), every trial point projected into the
/// <see cref="HyperparameterBounds"/> box. Start 0 is the GP's current θ; further starts are uniform in the box
/// (seeded). Derivative-free, so it needs no gradient of the LML; 3 parameters keep it cheap.
/// </summary>
internal static class HyperparameterOptimizer
{
    private const int P = 3;

    /// <summary>Best (hyperparameters, LML) over all starts.</summary>
    public static (GpHyperparameters Hyperparameters, double Lml) Maximize(
        GaussianProcess gp, int restarts, ulong seed, int maxEvaluationsPerStart)
    {
        var b = gp.Bounds;
        Span<double> lo = [Math.Log(b.MinLengthScale), Math.Log(b.MinSignalVariance), Math.Log(b.MinNoiseVariance)];
        Span<double> hi = [Math.Log(b.MaxLengthScale), Math.Log(b.MaxSignalVariance), Math.Log(b.MaxNoiseVariance)];
        var rng = new PolicyRandom(seed);
        var h0 = b.Clamp(gp.Hyperparameters);
        GpHyperparameters best = h0;
        double bestLml = gp.EvaluateLogMarginalLikelihood(h0);
        var simplex = new double[P + 1, P];
        var f = new double[P + 1];
        Span<double> start = stackalloc double[P];
        for (int r = 0; r < restarts; r++)
        {
            if (r == 0)
            {
                start[0] = Math.Log(h0.LengthScale);
                start[1] = Math.Log(h0.SignalVariance);
                start[2] = Math.Log(h0.NoiseVariance);
            }
            else
            {
                for (int i = 0; i < P; i++) start[i] = lo[i] + rng.NextDouble() * (hi[i] - lo[i]);
            }
            var (h, lml) = NelderMead(gp, start, lo, hi, simplex, f, maxEvaluationsPerStart);
            if (lml > bestLml)
            {
                bestLml = lml;
                best = h;
            }
        }
        return (best, bestLml);
    }

    private static GpHyperparameters ToHyper(ReadOnlySpan<double> t) => new(Math.Exp(t[0]), Math.Exp(t[1]), Math.Exp(t[2]));

    /// <summary>Cost = −LML at the projected point (projection written back into <paramref name="t"/>).</summary>
    private static double Cost(GaussianProcess gp, Span<double> t, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi)
    {
        for (int i = 0; i < P; i++) t[i] = Math.Clamp(t[i], lo[i], hi[i]);
        double lml = gp.EvaluateLogMarginalLikelihood(ToHyper(t));
        return double.IsFinite(lml) ? -lml : double.PositiveInfinity;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (GpHyperparameters, double) NelderMead(GaussianProcess gp, ReadOnlySpan<double> start,
        ReadOnlySpan<double> lo, ReadOnlySpan<double> hi, double[,] s, double[] f, int maxEval)
    {
        Span<double> t = stackalloc double[P];
        Span<double> centroid = stackalloc double[P];
        Span<double> xr = stackalloc double[P];
        Span<double> xe = stackalloc double[P];
        Span<double> xc = stackalloc double[P];
        int evals = 0;
        for (int v = 0; v <= P; v++)
        {
            for (int i = 0; i < P; i++)
            {
                double step = 0.1 * (hi[i] - lo[i]);
                double x = start[i];
                if (v == i + 1) x = x + step <= hi[i] ? x + step : x - step;
                t[i] = x;
            }
            f[v] = Cost(gp, t, lo, hi);
            evals++;
            for (int i = 0; i < P; i++) s[v, i] = t[i];
        }
        while (evals < maxEval)
        {
            // Order: best first.
            for (int a = 1; a <= P; a++)
                for (int c = a; c > 0 && f[c] < f[c - 1]; c--)
                {
                    (f[c], f[c - 1]) = (f[c - 1], f[c]);
                    for (int i = 0; i < P; i++) (s[c, i], s[c - 1, i]) = (s[c - 1, i], s[c, i]);
                }
            double spread = Math.Abs(f[P] - f[0]);
            double size = 0;
            for (int v = 1; v <= P; v++)
                for (int i = 0; i < P; i++) size = Math.Max(size, Math.Abs(s[v, i] - s[0, i]));
            if ((spread <= 1e-8 * (1 + Math.Abs(f[0])) && double.IsFinite(f[P])) || size < 1e-6) break;

            centroid.Clear();
            for (int v = 0; v < P; v++)
                for (int i = 0; i < P; i++) centroid[i] += s[v, i] / P;
            for (int i = 0; i < P; i++) xr[i] = centroid[i] + (centroid[i] - s[P, i]);
            double fr = Cost(gp, xr, lo, hi); evals++;
            if (fr < f[0])
            {
                for (int i = 0; i < P; i++) xe[i] = centroid[i] + 2 * (centroid[i] - s[P, i]);
                double fe = Cost(gp, xe, lo, hi); evals++;
                if (fe < fr) Replace(s, f, xe, fe); else Replace(s, f, xr, fr);
            }
            else if (fr < f[P - 1])
            {
                Replace(s, f, xr, fr);
            }
            else
            {
                bool outside = fr < f[P];
                for (int i = 0; i < P; i++)
                    xc[i] = outside ? centroid[i] + 0.5 * (xr[i] - centroid[i]) : centroid[i] + 0.5 * (s[P, i] - centroid[i]);
                double fc = Cost(gp, xc, lo, hi); evals++;
                if (fc < Math.Min(fr, f[P]))
                {
                    Replace(s, f, xc, fc);
                }
                else
                {
                    for (int v = 1; v <= P; v++)
                    {
                        for (int i = 0; i < P; i++) t[i] = s[0, i] + 0.5 * (s[v, i] - s[0, i]);
                        f[v] = Cost(gp, t, lo, hi); evals++;
                        for (int i = 0; i < P; i++) s[v, i] = t[i];
                    }
                }
            }
        }
        int bi = 0;
        for (int v = 1; v <= P; v++) if (f[v] < f[bi]) bi = v;
        for (int i = 0; i < P; i++) t[i] = s[bi, i];
        return (ToHyper(t), -f[bi]);
    }

    private static void Replace(double[,] s, double[] f, ReadOnlySpan<double> x, double fx)
    {
        for (int i = 0; i < P; i++) s[P, i] = x[i];
        f[P] = fx;
    }
}
