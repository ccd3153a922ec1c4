using EdgeCtl.Realtime;

namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>The EELS target feature y with its standard uncertainty.</summary>
/// <param name="Value">y = (Σ counts − Σ background)/Σ background over the signal window (dimensionless).</param>
/// <param name="Sigma">σ_y (Poisson statistics of the window and the background fit).</param>
/// <param name="Exponent">Fitted power-law exponent r (background ∝ E^−r).</param>
/// <param name="BackgroundCounts">Σ background extrapolated over the signal window.</param>
public readonly record struct EelsFeature(double Value, double Sigma, double Exponent, double BackgroundCounts);

/// <summary>
/// Inverts the rig's EELS encoding of the hidden target (docs/rig.md, "The hidden target and its EELS encoding"):
/// fits log(counts) = a − r·log(E) over the pre-edge window 560–620 eV, extrapolates the power-law background over the
/// signal window 630–670 eV and reports y = (Σ counts − Σ background)/Σ background.
/// </summary>
/// <remarks>
/// Windows are inclusive: channels whose energy E(i) lies in [560, 620] eV and [630, 670] eV. The pre-edge fit is a
/// weighted linear least-squares fit in (ln E, ln n) with weights n_i (var ln n ≈ 1/n for Poisson counts); channels with
/// 0 counts are skipped. With S = Σ counts and B = Σ exp(a − r ln E_i) over the signal window,
/// σ_y² = S/B² + (S/B²)²·σ_B², σ_B² = gᵀ Cov(a, r) g, g = (B, −Σ B_i ln E_i) (first-order propagation).
/// </remarks>
public static class EelsTargetFeature
{
    /// <summary>Pre-edge window, eV.</summary>
    public const double PreEdgeMinEv = 560, PreEdgeMaxEv = 620;
    /// <summary>Signal window, eV.</summary>
    public const double SignalMinEv = 630, SignalMaxEv = 670;

    /// <summary>Extracts y ± σ from an EELS spectrum (energy-loss axis in eV).</summary>
    /// <exception cref="ArgumentException">Not an EELS spectrum; the axis does not cover 560–670 eV; fewer than 5 pre-edge
    /// channels with counts; NaN/negative counts; a non-decaying or empty background.</exception>
    public static EelsFeature Extract(Spectrum spectrum)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        if (spectrum.Kind != SpectrumKind.Eels)
            throw new ArgumentException($"EELS target extraction needs an EELS spectrum (eV axis); got {spectrum.Kind}.", nameof(spectrum));
        double first = spectrum.Energy(0), last = spectrum.Energy(spectrum.Channels - 1);
        if (first > PreEdgeMinEv || last < SignalMaxEv)
            throw new ArgumentException($"EELS spectrum covers {first:0.##}–{last:0.##} eV but the target extraction needs {PreEdgeMinEv}–{SignalMaxEv} eV (pre-edge {PreEdgeMinEv}–{PreEdgeMaxEv}, signal {SignalMinEv}–{SignalMaxEv}).", nameof(spectrum));
        var counts = spectrum.Counts;

        // weighted LS of ln n = a + b ln E (b = −r)
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        int used = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            double e = spectrum.Energy(i);
            double n = counts[i];
            if (!double.IsFinite(n) || n < 0) throw new ArgumentException($"EELS counts[{i}] = {n} must be finite and ≥ 0.", nameof(spectrum));
            if (e < PreEdgeMinEv - 1e-9 || e > PreEdgeMaxEv + 1e-9 || n <= 0) continue;
            double x = Math.Log(e), y = Math.Log(n), w = n;
            sw += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y;
            used++;
        }
        if (used < 5) throw new ArgumentException($"EELS pre-edge window {PreEdgeMinEv}–{PreEdgeMaxEv} eV holds only {used} channels with counts; need ≥ 5.", nameof(spectrum));
        double det = sw * sxx - sx * sx;
        if (!(det > 0)) throw new ArgumentException("EELS pre-edge fit is degenerate.", nameof(spectrum));
        double bSlope = (sw * sxy - sx * sy) / det;
        double a = (sy - bSlope * sx) / sw;
        // Cov of (a, b) = (XᵀWX)⁻¹ (weights are inverse variances of ln n)
        double vaa = sxx / det, vbb = sw / det, vab = -sx / det;

        double s = 0, bsum = 0, bLog = 0;
        int signal = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            double e = spectrum.Energy(i);
            if (e < SignalMinEv - 1e-9 || e > SignalMaxEv + 1e-9) continue;
            double bg = Math.Exp(a + bSlope * Math.Log(e));
            s += counts[i];
            bsum += bg;
            bLog += bg * Math.Log(e);
            signal++;
        }
        if (signal == 0 || !(bsum > 0) || !double.IsFinite(bsum))
            throw new ArgumentException("EELS background extrapolated over the signal window is empty or not finite.", nameof(spectrum));
        // dB/da = B, dB/db = Σ B_i ln E_i
        double varB = bsum * bsum * vaa + 2 * bsum * bLog * vab + bLog * bLog * vbb;
        double yv = (s - bsum) / bsum;
        double dyS = 1 / bsum, dyB = -s / (bsum * bsum);
        double sigma = Math.Sqrt(dyS * dyS * s + dyB * dyB * Math.Max(varB, 0));
        return new EelsFeature(yv, sigma, -bSlope, bsum);
    }
}
