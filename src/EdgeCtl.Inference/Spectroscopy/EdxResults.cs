namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>Fitted net counts of one subshell component.</summary>
/// <param name="Element">Element symbol.</param>
/// <param name="Subshell">Initial subshell (K, L3, M5 are the families' main ones).</param>
/// <param name="NetCounts">Fitted net counts (all lines of the subshell), ≥ 0.</param>
/// <param name="Sigma">σ of <paramref name="NetCounts"/>: max(fit σ, sqrt(NetCounts)) — see <see cref="EdxQuantifier"/>.</param>
/// <param name="Significance">NetCounts / Sigma (0 when Sigma is 0).</param>
public sealed record EdxFamilyFit(string Element, XRaySubshell Subshell, double NetCounts, double Sigma, double Significance);

/// <summary>Quantification of one reported element.</summary>
/// <param name="Element">Element symbol.</param>
/// <param name="Family">Main subshell used (K, L3 or M5).</param>
/// <param name="Line">Strongest line of that subshell, e.g. "Ka1".</param>
/// <param name="NetCounts">Net counts of the family.</param>
/// <param name="NetCountsSigma">σ of the net counts.</param>
/// <param name="Sensitivity">s = Q(U, E_c)·ω (docs/edx-model.md); k-factors are ratios of these.</param>
/// <param name="AtomicFraction">c_i over the reported elements (sums to 1).</param>
/// <param name="Sigma">σ_i after eqs 2–3 (only the element with the largest σ changes).</param>
/// <param name="CliffLorimerSigma">σ_i from Cliff–Lorimer error propagation, before eqs 2–3.</param>
public sealed record EdxElementQuantity(
    string Element, XRaySubshell Family, string Line, double NetCounts, double NetCountsSigma,
    double Sensitivity, double AtomicFraction, double Sigma, double CliffLorimerSigma);

/// <summary>Result of <see cref="EdxQuantifier.Quantify"/>.</summary>
/// <param name="Elements">Reported elements in the order of the options.</param>
/// <param name="LargestUncertaintyElement">Element k of eqs 2–3 (argmax σ_i).</param>
/// <param name="SigmaTotal">σ_tot = σ_k (eq 3).</param>
/// <param name="EnergyOffsetKeV">Fitted offset δ, keV (line of true energy E appears at δ + g·E).</param>
/// <param name="Gain">Fitted relative gain g.</param>
/// <param name="DetectorFwhmMnKaEv">Detector FWHM at Mn Kα used (nominal, or refined), eV.</param>
/// <param name="ReducedChiSquare">Pearson χ²/ν of the final fit.</param>
/// <param name="NuisanceFound">Nuisance elements with a main family above <see cref="EdxQuantifierOptions.NuisanceSignificance"/> σ.</param>
/// <param name="Families">Every fitted subshell component.</param>
public sealed record EdxQuantification(
    IReadOnlyList<EdxElementQuantity> Elements, string LargestUncertaintyElement, double SigmaTotal,
    double EnergyOffsetKeV, double Gain, double DetectorFwhmMnKaEv, double ReducedChiSquare,
    IReadOnlyList<string> NuisanceFound, IReadOnlyList<EdxFamilyFit> Families)
{
    /// <summary>The quantity for <paramref name="element"/>.</summary>
    /// <exception cref="ArgumentException">Not a reported element.</exception>
    public EdxElementQuantity this[string element]
    {
        get
        {
            foreach (var e in Elements) if (e.Element == element) return e;
            throw new ArgumentException($"Element '{element}' is not among the reported elements.", nameof(element));
        }
    }
}

/// <summary>Result of <see cref="EdxQuantifier.DetectElements"/>.</summary>
/// <param name="Detected">Elements whose best main family exceeds the detection threshold, in candidate order.</param>
/// <param name="Significance">Per fitted element: the largest main-family significance (σ units).</param>
/// <param name="Families">Every fitted subshell component.</param>
/// <param name="EnergyOffsetKeV">Fitted offset, keV.</param>
/// <param name="Gain">Fitted relative gain.</param>
/// <param name="ReducedChiSquare">Pearson χ²/ν.</param>
public sealed record EdxDetection(
    IReadOnlyList<string> Detected, IReadOnlyDictionary<string, double> Significance, IReadOnlyList<EdxFamilyFit> Families,
    double EnergyOffsetKeV, double Gain, double ReducedChiSquare)
{
    /// <summary>True when <paramref name="element"/> was detected.</summary>
    public bool IsDetected(string element)
    {
        foreach (var e in Detected) if (e == element) return true;
        return false;
    }
}
