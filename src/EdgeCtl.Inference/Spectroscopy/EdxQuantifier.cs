using EdgeCtl.Realtime;

namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// Standardless thin-film EDX quantification (docs/edx-model.md) of a spectrum into atomic fractions c_i ± σ_i over
/// the reported elements, followed by eqs 2–3 of the paper; and significance-based element detection.
/// </summary>
/// <remarks>
/// <para><b>Fit</b>: <see cref="EdxSpectrumFitter"/> (background + one Gaussian family per subshell, NNLS, offset/gain
/// search, Poisson re-weighting). Reported and nuisance elements are fitted together; nuisance elements
/// (default C, O, Cu, Si) absorb their peaks but do not enter the fractions.</para>
/// <para><b>Intensity σ</b>: σ_I = max(sqrt(C_ii), sqrt(I)) with C = (AᵀWA)⁻¹·max(1, χ²/ν): the fit covariance, which
/// already propagates the counting noise of peak and background, floored by the Poisson noise of the net counts
/// themselves (which no estimate can beat, and which protects against under-estimated covariances at very low
/// counts). Correlations between families are kept from C.</para>
/// <para><b>Fractions</b> (Cliff–Lorimer with theoretical k-factors): x_i = I_i / s_i with s = Q(U, E_c)·ω of the
/// chosen family, c_i = x_i / Σ_j x_j, σ_c from the Jacobian J_ij = (δ_ij S − x_i)/(S² s_j) applied to the intensity
/// covariance. Family rule: <see cref="EdxQuantifierOptions.FamilySelection"/>.</para>
/// <para><b>Eqs 2–3</b> (<see cref="CompositionUncertainty"/>): k = argmax σ_i, c_k = 1 − Σ_{i≠k} c_i,
/// σ_k = sqrt(Σ_{i≠k} σ_i²), σ_tot = σ_k.</para>
/// <para>Fitters are cached per (element set, axis) so repeated spectra of the same shape reuse all buffers.
/// Not thread-safe: use one instance per thread.</para>
/// </remarks>
public sealed class EdxQuantifier
{
    private const int MaxCachedFitters = 8;
    private readonly EdxQuantifierOptions _options;
    private readonly string[] _fitted;     // reported ∪ nuisance
    private readonly bool[] _isReported;
    private readonly Dictionary<(string Elements, int Channels, double Offset, double Scale), EdxSpectrumFitter> _fitters = new();

    /// <summary>Creates a quantifier.</summary>
    /// <exception cref="ArgumentException">Invalid options or unknown/duplicate reported element (message names it).</exception>
    public EdxQuantifier(EdxQuantifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.ReportedElements.Count < 1) throw new ArgumentException("At least one reported element is required.", nameof(options));
        _options = options;
        var list = new List<string>();
        var reported = new List<bool>();
        foreach (var e in options.ReportedElements)
        {
            if (list.Contains(e)) throw new ArgumentException($"Reported element '{e}' listed twice.", nameof(options));
            list.Add(e);
            reported.Add(true);
        }
        foreach (var e in options.NuisanceElements)
        {
            if (list.Contains(e)) continue;
            list.Add(e);
            reported.Add(false);
        }
        _fitted = list.ToArray();
        _isReported = reported.ToArray();
    }

    /// <summary>The options in use.</summary>
    public EdxQuantifierOptions Options => _options;

    /// <summary>
    /// Quantifies <paramref name="spectrum"/> (EDX, keV axis).
    /// </summary>
    /// <returns>Fractions ± σ per reported element (eqs 2–3 applied), σ_tot, calibration, χ²/ν and the nuisance elements found.</returns>
    /// <exception cref="ArgumentException">Not an EDX spectrum, too few channels in the window, NaN/negative counts.</exception>
    /// <exception cref="InvalidOperationException">No reported element has positive net counts (nothing to quantify).</exception>
    public EdxQuantification Quantify(Spectrum spectrum)
    {
        var fitter = FitterFor(_fitted, spectrum);
        fitter.Fit(spectrum.Counts);
        var layout = fitter.Layout;
        var families = Families(fitter);

        int n = _options.ReportedElements.Count;
        var chosen = new EdxModelComponent[n];
        for (int i = 0; i < n; i++) chosen[i] = ChooseFamily(fitter, _options.ReportedElements[i]);

        // intensity covariance with the Poisson floor on the diagonal, correlations kept
        var sigI = new double[n];
        for (int i = 0; i < n; i++) sigI[i] = IntensitySigma(fitter, chosen[i]);
        var covI = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (i == j) { covI[i, i] = sigI[i] * sigI[i]; continue; }
                double ci = fitter.Covariance(chosen[i], chosen[i]), cj = fitter.Covariance(chosen[j], chosen[j]);
                double rho = ci > 0 && cj > 0 ? fitter.Covariance(chosen[i], chosen[j]) / Math.Sqrt(ci * cj) : 0;
                covI[i, j] = Math.Clamp(rho, -1, 1) * sigI[i] * sigI[j];
            }

        var x = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            x[i] = fitter.Amplitude(chosen[i]) / chosen[i].Sensitivity;
            s += x[i];
        }
        if (!(s > 0))
            throw new InvalidOperationException($"EDX quantification: none of the reported elements ({string.Join(", ", _options.ReportedElements)}) has positive net counts in the spectrum.");
        var c = new double[n];
        var sig = new double[n];
        for (int i = 0; i < n; i++)
        {
            c[i] = x[i] / s;
            double v = 0;
            for (int a = 0; a < n; a++)
            {
                double ja = ((i == a ? s : 0) - x[i]) / (s * s * chosen[a].Sensitivity);
                for (int b = 0; b < n; b++)
                {
                    double jb = ((i == b ? s : 0) - x[i]) / (s * s * chosen[b].Sensitivity);
                    v += ja * covI[a, b] * jb;
                }
            }
            sig[i] = Math.Sqrt(Math.Max(v, 0));
        }
        var clSigma = (double[])sig.Clone();
        var est = CompositionUncertainty.Estimate(c, sig);

        var elements = new EdxElementQuantity[n];
        for (int i = 0; i < n; i++)
        {
            var comp = chosen[i];
            elements[i] = new EdxElementQuantity(comp.Element, comp.Subshell.Subshell, comp.Subshell.StrongestLine.Name,
                fitter.Amplitude(comp), sigI[i], comp.Sensitivity, est.Fractions[i], est.Sigmas[i], clSigma[i]);
        }
        var nuisance = new List<string>();
        for (int e = 0; e < _fitted.Length; e++)
            if (!_isReported[e] && MainSignificance(fitter, _fitted[e]) > _options.NuisanceSignificance) nuisance.Add(_fitted[e]);

        return new EdxQuantification(elements, _options.ReportedElements[est.K], est.SigmaTotal,
            fitter.OffsetKeV, fitter.Gain, fitter.DetectorFwhmMnKaEv, fitter.ReducedChiSquare, nuisance, families);
    }

    /// <summary>
    /// Detection mode: fits <paramref name="candidates"/> ∪ the nuisance elements and returns those whose most
    /// significant main family (K, L3 or M5 net counts / σ, σ as in <see cref="Quantify"/>) exceeds
    /// <see cref="EdxQuantifierOptions.DetectionSignificance"/> (5σ).
    /// </summary>
    /// <param name="spectrum">EDX spectrum (keV axis).</param>
    /// <param name="candidates">Element symbols to test (nuisance elements are always fitted and may be detected too).</param>
    /// <exception cref="ArgumentException">Unknown element, bad spectrum.</exception>
    public EdxDetection DetectElements(Spectrum spectrum, IReadOnlyList<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var list = new List<string>();
        foreach (var e in candidates)
        {
            _ = _options.Table[e];
            if (!list.Contains(e)) list.Add(e);
        }
        foreach (var e in _options.NuisanceElements) if (!list.Contains(e)) list.Add(e);
        var fitter = FitterFor(list.ToArray(), spectrum);
        fitter.Fit(spectrum.Counts);
        var detected = new List<string>();
        var sig = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in list)
        {
            double z = MainSignificance(fitter, e);
            sig[e] = z;
            if (z > _options.DetectionSignificance) detected.Add(e);
        }
        return new EdxDetection(detected, sig, Families(fitter), fitter.OffsetKeV, fitter.Gain, fitter.ReducedChiSquare);
    }

    /// <summary>
    /// The (cached) fitter for <paramref name="elements"/> on <paramref name="spectrum"/>'s axis; exposed so callers
    /// and benchmarks can run allocation-free repeated fits with <see cref="EdxSpectrumFitter.Fit"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Not an EDX spectrum, unknown element, or window outside the axis.</exception>
    public EdxSpectrumFitter FitterFor(IReadOnlyList<string> elements, Spectrum spectrum)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        if (spectrum.Kind != SpectrumKind.Edx)
            throw new ArgumentException($"EDX quantification needs an EDX spectrum (keV axis); got {spectrum.Kind}.", nameof(spectrum));
        var key = (string.Join(",", elements), spectrum.Channels, spectrum.Offset, spectrum.Scale);
        if (_fitters.TryGetValue(key, out var f)) return f;
        double lo = Math.Max(_options.MinEnergyKeV, spectrum.Offset);
        double hi = Math.Min(_options.MaxEnergyKeV, spectrum.Energy(spectrum.Channels - 1));
        if (!(hi > lo + 0.5))
            throw new ArgumentException($"EDX spectrum axis {spectrum.Offset:0.###}–{spectrum.Energy(spectrum.Channels - 1):0.###} keV does not overlap the fit window {_options.MinEnergyKeV}–{_options.MaxEnergyKeV} keV.", nameof(spectrum));
        var layout = new EdxModelLayout(elements, _options, lo, hi);
        f = new EdxSpectrumFitter(layout, _options, spectrum.Channels, spectrum.Offset, spectrum.Scale);
        if (_fitters.Count >= MaxCachedFitters) _fitters.Clear();
        _fitters[key] = f;
        return f;
    }

    private EdxModelComponent ChooseFamily(EdxSpectrumFitter fitter, string element)
    {
        var layout = fitter.Layout;
        EdxModelComponent? best = null;
        double bestScore = double.NegativeInfinity;
        foreach (var c in layout.ComponentsOf(element))
        {
            if (!c.IsMain || !(c.Sensitivity > 0)) continue;
            double line = c.Subshell.StrongestLine.EnergyKeV;
            if (line < layout.WindowMinKeV || line > layout.WindowMaxKeV) continue;
            double score = _options.FamilySelection == EdxFamilySelection.HighestEnergy
                ? line
                : fitter.Amplitude(c) / Math.Max(IntensitySigma(fitter, c), 1e-300);
            if (score > bestScore) { bestScore = score; best = c; }
        }
        return best ?? throw new ArgumentException(
            $"Element '{element}' has no excited K, L or M family with its main line inside {layout.WindowMinKeV:0.###}–{layout.WindowMaxKeV:0.###} keV.");
    }

    private static double IntensitySigma(EdxSpectrumFitter fitter, EdxModelComponent c) =>
        Math.Max(Math.Sqrt(Math.Max(fitter.Covariance(c, c), 0)), Math.Sqrt(Math.Max(fitter.Amplitude(c), 0)));

    private static double MainSignificance(EdxSpectrumFitter fitter, string element)
    {
        double best = 0;
        foreach (var c in fitter.Layout.ComponentsOf(element))
        {
            if (!c.IsMain) continue;
            double s = IntensitySigma(fitter, c);
            if (s > 0) best = Math.Max(best, fitter.Amplitude(c) / s);
        }
        return best;
    }

    private static EdxFamilyFit[] Families(EdxSpectrumFitter fitter)
    {
        var comps = fitter.Layout.Components;
        var r = new EdxFamilyFit[comps.Count];
        for (int i = 0; i < r.Length; i++)
        {
            var c = comps[i];
            double a = fitter.Amplitude(c), s = IntensitySigma(fitter, c);
            r[i] = new EdxFamilyFit(c.Element, c.Subshell.Subshell, a, s, s > 0 ? a / s : 0);
        }
        return r;
    }
}
