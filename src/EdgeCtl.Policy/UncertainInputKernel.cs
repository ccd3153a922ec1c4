namespace EdgeCtl.Policy;

/// <summary>
/// The covariance of targets measured at compositions known only up to EDX noise ("uncertain inputs", Girard et al.
/// 2003, "Gaussian process priors with uncertain inputs"; Dallaire et al. 2011). A particle reported at x̂ has true
/// composition x ~ N(x̂, τ² P) — isotropic with variance τ² in each of the D − 1 directions of the simplex plane
/// (P projects onto it), since fractions sum to 1. For the RBF kernel the expected covariance of two such targets is
/// exact in closed form:
/// <code>
/// E[k(x_i, x_j)] = s² (ℓ² / ℓ_e²)^((D−1)/2) exp(−‖x̂_i − x̂_j‖² / (2 ℓ_e²)),   ℓ_e² = ℓ² + τ_i² + τ_j²   (i ≠ j)
/// </code>
/// and k(x_i, x_i) = s² on the diagonal (one draw). A noise-free point has τ = 0, so the cross-covariance between the
/// latent f at a composition and a noisy observation uses ℓ_e² = ℓ² + τ_j²: the posterior mean then estimates f itself
/// rather than f blurred by the EDX noise. For Matérn 5/2 the same broadening of ℓ and amplitude is applied (not exact,
/// but positive definite and equal to the RBF rule in the limit of small τ/ℓ).
/// </summary>
public static class UncertainInputKernel
{
    /// <summary>
    /// τ² per plane direction from the paper's σ_tot (eq 3): with k = argmax σ_i, the EDX errors of the other
    /// fractions are independent (σ_i²) and the k-th is minus their sum (σ_k² = Σ_{i≠k} σ_i², eqs 2–3), so the trace of
    /// the error covariance is 2σ_tot², spread over D − 1 directions: τ² = 2 σ_tot² / (D − 1).
    /// </summary>
    /// <param name="sigmaTotal">σ_tot ≥ 0, atomic fraction.</param>
    /// <param name="dimensions">D ≥ 2.</param>
    /// <returns>τ², atomic fraction².</returns>
    /// <exception cref="ArgumentOutOfRangeException">σ_tot negative or not finite, or D &lt; 2.</exception>
    public static double PlaneVarianceFromSigmaTotal(double sigmaTotal, int dimensions)
    {
        if (!(sigmaTotal >= 0) || !double.IsFinite(sigmaTotal))
            throw new ArgumentOutOfRangeException(nameof(sigmaTotal), sigmaTotal, "σ_tot must be finite and ≥ 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 2);
        return 2 * sigmaTotal * sigmaTotal / (dimensions - 1);
    }

    /// <summary>
    /// The broadened length scale ℓ_e = sqrt(ℓ² + τ²_sum) and amplitude s² (ℓ²/ℓ_e²)^((D−1)/2) for a pair whose summed
    /// input variances are <paramref name="inputVarianceSum"/>; evaluate the ordinary kernel with them.
    /// </summary>
    /// <param name="lengthScale">ℓ &gt; 0.</param>
    /// <param name="signalVariance">s² &gt; 0.</param>
    /// <param name="inputVarianceSum">τ_i² + τ_j² ≥ 0.</param>
    /// <param name="dimensions">D; the noise lives in D − 1 directions.</param>
    /// <param name="broadenedLengthScale">ℓ_e.</param>
    /// <param name="amplitude">The kernel's s² to use.</param>
    public static void Broaden(double lengthScale, double signalVariance, double inputVarianceSum, int dimensions,
        out double broadenedLengthScale, out double amplitude)
    {
        if (inputVarianceSum == 0)
        {
            // Exactly the ordinary kernel (no rounding through the square root).
            broadenedLengthScale = lengthScale;
            amplitude = signalVariance;
            return;
        }
        double l2 = lengthScale * lengthScale;
        double le2 = l2 + inputVarianceSum;
        broadenedLengthScale = Math.Sqrt(le2);
        double ratio = l2 / le2;
        int planeDims = dimensions - 1;
        // (ℓ²/ℓ_e²)^((D−1)/2) without Math.Pow for the common small D.
        double a = (planeDims & 1) == 1 ? Math.Sqrt(ratio) : 1.0;
        for (int i = 0; i < planeDims / 2; i++) a *= ratio;
        amplitude = signalVariance * a;
    }
}
