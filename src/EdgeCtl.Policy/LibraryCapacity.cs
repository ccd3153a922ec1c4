namespace EdgeCtl.Policy;

/// <summary>How many distinct compositions a random library can hold, eq 1 and Fig. 1 of the paper.</summary>
public static class LibraryCapacity
{
    /// <summary>
    /// Eq 1: E[N] = φ A / (π (μ² + σ²)) — particles with Gaussian radii (mean μ, s.d. σ) covering a fraction φ
    /// of area A (E[πr²] = π(μ² + σ²)).
    /// </summary>
    /// <param name="areaUm2">A &gt; 0, usable grid area, µm² (the paper: 2.67 mm² = 2.67·10⁶ µm²).</param>
    /// <param name="coverage">φ in (0, 1].</param>
    /// <param name="meanRadiusUm">μ &gt; 0, µm.</param>
    /// <param name="sdRadiusUm">σ ≥ 0, µm.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its range.</exception>
    public static double ExpectedParticleCount(double areaUm2, double coverage, double meanRadiusUm, double sdRadiusUm)
    {
        if (!(areaUm2 > 0) || !double.IsFinite(areaUm2)) throw new ArgumentOutOfRangeException(nameof(areaUm2), areaUm2, "Area must be finite and > 0 µm².");
        if (!(coverage > 0 && coverage <= 1)) throw new ArgumentOutOfRangeException(nameof(coverage), coverage, "Coverage φ must be in (0, 1].");
        if (!(meanRadiusUm > 0) || !double.IsFinite(meanRadiusUm)) throw new ArgumentOutOfRangeException(nameof(meanRadiusUm), meanRadiusUm, "Mean radius must be finite and > 0 µm.");
        if (!(sdRadiusUm >= 0) || !double.IsFinite(sdRadiusUm)) throw new ArgumentOutOfRangeException(nameof(sdRadiusUm), sdRadiusUm, "Radius s.d. must be finite and ≥ 0 µm.");
        return coverage * areaUm2 / (Math.PI * (meanRadiusUm * meanRadiusUm + sdRadiusUm * sdRadiusUm));
    }

    /// <summary>
    /// The largest D with stepsPerDimension^D ≤ E[N]: the number of dimensions a grid of
    /// <paramref name="stepsPerDimension"/> points per axis (step 0.1 → 10) can fill with one particle per point
    /// (the paper: D = floor(log₁₀ E[N])). Exact integer comparison, no log rounding.
    /// </summary>
    /// <param name="expectedCount">E[N] ≥ 0.</param>
    /// <param name="stepsPerDimension">Grid points per axis ≥ 2.</param>
    public static int RepresentableDimension(double expectedCount, int stepsPerDimension = 10)
    {
        if (!(expectedCount >= 0) || !double.IsFinite(expectedCount)) throw new ArgumentOutOfRangeException(nameof(expectedCount), expectedCount, "Count must be finite and ≥ 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerDimension, 2);
        int d = 0;
        double points = stepsPerDimension;
        while (points <= expectedCount)
        {
            d++;
            points *= stepsPerDimension;
        }
        return d;
    }
}
