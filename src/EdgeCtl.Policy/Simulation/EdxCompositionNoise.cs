namespace EdgeCtl.Policy.Simulation;

/// <summary>
/// The simulated EDX composition of a particle: fractions c_i ± σ_i, then the paper's eqs 2–3 (the same rule as
/// the quantifier in EdgeCtl.Inference, re-stated here because Policy does not depend on Inference):
/// with k = argmax σ_i,
/// <code>
/// c_k = 1 − Σ_{i≠k} c_i                  (2)
/// σ_k = sqrt( Σ_{i≠k} σ_i² )             (3)
/// </code>
/// σ_tot = σ_k. Fractions are clipped at 0 and renormalised after eq 2, so the result lies on the simplex.
/// </summary>
public static class EdxCompositionNoise
{
    /// <summary>
    /// Draws a measured composition for a particle of true composition <paramref name="truth"/>:
    /// σ_i = s · u_i with u_i uniform in [0.5, 1.5], c_i = truth_i + σ_i ε_i (ε_i standard normal), then eqs 2–3.
    /// </summary>
    /// <param name="truth">True fractions (length D).</param>
    /// <param name="typicalSigma">s, typical per-element 1σ, atomic fraction.</param>
    /// <param name="random">Seeded source.</param>
    /// <param name="measured">Receives the measured fractions (length D).</param>
    /// <param name="sigmas">Receives σ_i after eq 3 (length D).</param>
    /// <returns>σ_tot (eq 3).</returns>
    public static double Measure(ReadOnlySpan<double> truth, double typicalSigma, PolicyRandom random,
        Span<double> measured, Span<double> sigmas)
    {
        int d = truth.Length;
        for (int i = 0; i < d; i++)
        {
            sigmas[i] = typicalSigma * (0.5 + random.NextDouble());
            measured[i] = truth[i] + sigmas[i] * NextGaussian(random);
        }
        return ApplyEquations2And3(measured, sigmas);
    }

    /// <summary>Eqs 2–3 in place: re-estimates the least certain fraction from the others; clips and renormalises.</summary>
    /// <returns>σ_tot = σ_k.</returns>
    public static double ApplyEquations2And3(Span<double> c, Span<double> sigma)
    {
        int d = c.Length;
        int k = 0;
        for (int i = 1; i < d; i++) if (sigma[i] > sigma[k]) k = i;
        double sumOthers = 0, var = 0;
        for (int i = 0; i < d; i++)
        {
            if (i == k) continue;
            sumOthers += c[i];
            var += sigma[i] * sigma[i];
        }
        c[k] = 1 - sumOthers;                // eq 2
        sigma[k] = Math.Sqrt(var);           // eq 3
        double s = 0;
        for (int i = 0; i < d; i++) s += c[i] = Math.Max(c[i], 0);
        if (s <= 0) { c.Fill(1.0 / d); return sigma[k]; }
        for (int i = 0; i < d; i++) c[i] /= s;
        return sigma[k];
    }

    /// <summary>Standard normal by Box–Muller (one of the pair).</summary>
    public static double NextGaussian(PolicyRandom random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
