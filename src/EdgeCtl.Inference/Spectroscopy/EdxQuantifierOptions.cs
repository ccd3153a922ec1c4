namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>How <see cref="EdxQuantifier"/> picks the family (K, L or M) that quantifies an element.</summary>
public enum EdxFamilySelection
{
    /// <summary>
    /// The highest-energy family that is excited (U &gt; 1.05) and whose strongest line lies inside the fit window:
    /// K before L before M. Higher-energy lines are the least affected by absorption and by the detector's
    /// low-energy response that the thin-film model ignores, and they overlap less. Default.
    /// </summary>
    HighestEnergy = 0,
    /// <summary>The excited family with the largest fitted significance I/σ_I.</summary>
    BestStatistics = 1,
}

/// <summary>Options of <see cref="EdxQuantifier"/>. Energies in keV unless named otherwise.</summary>
public sealed class EdxQuantifierOptions
{
    /// <summary>Elements whose atomic fractions are reported and normalised to 1, e.g. ["Au", "Co", "Ni"].</summary>
    public required IReadOnlyList<string> ReportedElements { get; init; }

    /// <summary>
    /// Elements fitted but excluded from the fractions (support film, oxide, grid, detector): default C, O, Cu, Si.
    /// An element listed in both lists is reported.
    /// </summary>
    public IReadOnlyList<string> NuisanceElements { get; init; } = ["C", "O", "Cu", "Si"];

    /// <summary>Beam energy E0, keV (200).</summary>
    public double BeamEnergyKeV { get; init; } = 200.0;

    /// <summary>Detector FWHM at Mn Kα, eV (130); widths follow the Fiori formula (<see cref="EdxPhysics.FwhmKeV"/>).</summary>
    public double DetectorFwhmMnKaEv { get; init; } = 130.0;

    /// <summary>Lower end of the fit window, keV (0.2).</summary>
    public double MinEnergyKeV { get; init; } = 0.2;

    /// <summary>Upper end of the fit window, keV (20); clipped to the spectrum's axis.</summary>
    public double MaxEnergyKeV { get; init; } = 20.0;

    /// <summary>Refine the energy offset and gain (outer non-linear step). Default true.</summary>
    public bool RefineCalibration { get; init; } = true;

    /// <summary>Half-range of the energy-offset search, keV (0.06 = ±60 eV).</summary>
    public double OffsetSearchKeV { get; init; } = 0.06;

    /// <summary>Half-range of the relative gain search (0.01 = ±1 %).</summary>
    public double GainSearch { get; init; } = 0.01;

    /// <summary>
    /// Degree n of the Bernstein polynomial in x = (E − E_min)/(E_max − E_min) multiplying the Kramers shape in the
    /// background: basis K(E)·C(n,k)·x^k·(1−x)^(n−k), k = 0..n (3 → 4 basis functions).
    /// </summary>
    public int BackgroundDegree { get; init; } = 3;

    /// <summary>
    /// Constrain the background coefficients to be ≥ 0 (true). Bernstein basis functions are non-negative, so this keeps
    /// the fitted bremsstrahlung non-negative everywhere; false lets them take any sign (more flexible, can go negative).
    /// </summary>
    public bool NonNegativeBackground { get; init; } = true;

    /// <summary>
    /// Also refine the detector resolution (FWHM at Mn Kα) in the outer search, within ×[0.8, 1.4] of
    /// <see cref="DetectorFwhmMnKaEv"/> (false). Useful on real detectors whose resolution differs from the nominal one;
    /// leave off for low-count spectra from a detector of known resolution.
    /// </summary>
    public bool RefineDetectorFwhm { get; init; }

    /// <summary>Fit the non-main subshells (L1, L2, M1..M4) as their own non-negative components (true).</summary>
    public bool FitMinorSubshells { get; init; } = true;

    /// <summary>
    /// Iterations of Poisson re-weighting (weights 1/max(model, 0.1)) after the calibration search, which itself uses
    /// the data weights 1/max(counts, 1). Converges to the Poisson maximum-likelihood fit and removes the low-count
    /// bias of data weights. 0 keeps the data-weighted fit. Default 3.
    /// </summary>
    public int PoissonReweightIterations { get; init; } = 3;

    /// <summary>Family choice per reported element (default <see cref="EdxFamilySelection.HighestEnergy"/>).</summary>
    public EdxFamilySelection FamilySelection { get; init; } = EdxFamilySelection.HighestEnergy;

    /// <summary>A nuisance element is reported as found when a main family exceeds this many σ (3).</summary>
    public double NuisanceSignificance { get; init; } = 3.0;

    /// <summary>An element is detected by <see cref="EdxQuantifier.DetectElements"/> above this many σ (5).</summary>
    public double DetectionSignificance { get; init; } = 5.0;

    /// <summary>X-ray line table (the embedded one by default).</summary>
    public XRayLineTable Table { get; init; } = XRayLineTable.Default;

    /// <summary>Checks ranges and element symbols.</summary>
    /// <exception cref="ArgumentException">A value is out of range or an element is unknown (names it).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(ReportedElements);
        ArgumentNullException.ThrowIfNull(NuisanceElements);
        foreach (var e in ReportedElements) _ = Table[e];
        foreach (var e in NuisanceElements) _ = Table[e];
        if (!(BeamEnergyKeV > 1 && BeamEnergyKeV < 1000)) throw new ArgumentException($"BeamEnergyKeV {BeamEnergyKeV} outside (1, 1000) keV.");
        if (!(DetectorFwhmMnKaEv >= 50 && DetectorFwhmMnKaEv <= 400)) throw new ArgumentException($"DetectorFwhmMnKaEv {DetectorFwhmMnKaEv} outside [50, 400] eV.");
        if (!(MinEnergyKeV >= 0 && MaxEnergyKeV > MinEnergyKeV + 0.5)) throw new ArgumentException($"Energy window [{MinEnergyKeV}, {MaxEnergyKeV}] keV is invalid (need 0 ≤ min and max > min + 0.5).");
        if (!(OffsetSearchKeV >= 0 && OffsetSearchKeV <= 0.5)) throw new ArgumentException($"OffsetSearchKeV {OffsetSearchKeV} outside [0, 0.5].");
        if (!(GainSearch >= 0 && GainSearch <= 0.1)) throw new ArgumentException($"GainSearch {GainSearch} outside [0, 0.1].");
        if (BackgroundDegree is < 0 or > 6) throw new ArgumentException($"BackgroundDegree {BackgroundDegree} outside 0..6.");
        if (PoissonReweightIterations is < 0 or > 20) throw new ArgumentException($"PoissonReweightIterations {PoissonReweightIterations} outside 0..20.");
        if (!(NuisanceSignificance > 0) || !(DetectionSignificance > 0)) throw new ArgumentException("Significance thresholds must be positive.");
    }
}
