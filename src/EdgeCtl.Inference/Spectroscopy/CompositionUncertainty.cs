namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>A composition after eqs 2–3: fractions, σ per element, the re-estimated index k and σ_tot = σ_k.</summary>
/// <param name="Fractions">c_i, length N; c_k = 1 − Σ_{i≠k} c_i.</param>
/// <param name="Sigmas">σ_i, length N; σ_k = sqrt(Σ_{i≠k} σ_i²).</param>
/// <param name="K">k = argmax σ_i of the input (first on ties).</param>
/// <param name="SigmaTotal">The particle's total compositional uncertainty σ_tot = σ_k.</param>
public sealed record CompositionEstimate(double[] Fractions, double[] Sigmas, int K, double SigmaTotal);

/// <summary>
/// Eqs 2–3 of arXiv 2603.20858 (paper-method.md): with k = argmax σ_i, re-estimate
/// c_k = 1 − Σ_{i≠k} c_i (2) and σ_k = sqrt(Σ_{i≠k} σ_i²) (3); σ_tot = σ_k.
/// </summary>
public static class CompositionUncertainty
{
    /// <summary>Applies eqs 2–3 in place.</summary>
    /// <param name="fractions">c_i (N ≥ 1), overwritten at k.</param>
    /// <param name="sigmas">σ_i ≥ 0 (same length), overwritten at k.</param>
    /// <returns>k.</returns>
    /// <exception cref="ArgumentException">Length mismatch, empty input, non-finite values or negative σ.</exception>
    public static int Apply(Span<double> fractions, Span<double> sigmas)
    {
        if (fractions.Length != sigmas.Length || fractions.Length == 0)
            throw new ArgumentException($"Fractions ({fractions.Length}) and sigmas ({sigmas.Length}) must have the same non-zero length.");
        int k = 0;
        for (int i = 0; i < fractions.Length; i++)
        {
            if (!double.IsFinite(fractions[i]) || !double.IsFinite(sigmas[i]) || sigmas[i] < 0)
                throw new ArgumentException($"Element {i}: fraction {fractions[i]} ± {sigmas[i]} is not a finite value with σ ≥ 0.");
            if (sigmas[i] > sigmas[k]) k = i;
        }
        double sum = 0, var = 0;
        for (int i = 0; i < fractions.Length; i++)
        {
            if (i == k) continue;
            sum += fractions[i];
            var += sigmas[i] * sigmas[i];
        }
        fractions[k] = 1.0 - sum;
        sigmas[k] = Math.Sqrt(var);
        return k;
    }

    /// <summary>Applies eqs 2–3 to copies of the inputs.</summary>
    /// <exception cref="ArgumentException">As <see cref="Apply(Span{double}, Span{double})"/>.</exception>
    public static CompositionEstimate Estimate(IReadOnlyList<double> fractions, IReadOnlyList<double> sigmas)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        ArgumentNullException.ThrowIfNull(sigmas);
        var c = new double[fractions.Count];
        var s = new double[sigmas.Count];
        for (int i = 0; i < c.Length; i++) c[i] = fractions[i];
        for (int i = 0; i < s.Length; i++) s[i] = sigmas[i];
        int k = Apply(c, s);
        return new CompositionEstimate(c, s, k, s[k]);
    }
}
