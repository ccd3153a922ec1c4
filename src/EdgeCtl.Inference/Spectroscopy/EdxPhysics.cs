namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// The thin-film EDX forward model of docs/edx-model.md, shared with the instrument emulator: detector resolution,
/// Bethe ionisation cross-section, family sensitivity and Kramers bremsstrahlung. All energies in keV unless named otherwise.
/// </summary>
public static class EdxPhysics
{
    /// <summary>Mn Kα energy, keV (reference energy of the detector resolution).</summary>
    public const double MnKaKeV = 5.8987;

    /// <summary>Smallest FWHM returned, keV (guards the Fiori formula below ~0.1 keV for good detectors).</summary>
    public const double MinFwhmKeV = 0.03;

    /// <summary>Excitation threshold: a subshell is excited when U = E0/E_c exceeds this (docs/edx-model.md).</summary>
    public const double MinOvervoltage = 1.05;

    /// <summary>Families whose strongest line lies below this energy are not modelled (docs/edx-model.md), keV.</summary>
    public const double MinLineKeV = 0.2;

    /// <summary>
    /// Detector FWHM at <paramref name="energyKeV"/>: FWHM(E) = sqrt(FWHM_MnKα² + 2.5 eV·(E − 5898.7 eV)) in eV
    /// (Fiori &amp; Newbury; docs/edx-model.md), returned in keV and clamped below at <see cref="MinFwhmKeV"/>.
    /// </summary>
    /// <param name="energyKeV">Photon energy, keV.</param>
    /// <param name="fwhmMnKaEv">FWHM at Mn Kα, eV (130 nominal).</param>
    public static double FwhmKeV(double energyKeV, double fwhmMnKaEv)
    {
        double v = fwhmMnKaEv * fwhmMnKaEv + 2.5 * (energyKeV - MnKaKeV) * 1000.0;
        return v > MinFwhmKeV * MinFwhmKeV * 1e6 ? Math.Sqrt(v) * 1e-3 : MinFwhmKeV;
    }

    /// <summary>Gaussian σ from FWHM: σ = FWHM / (2·sqrt(2 ln 2)).</summary>
    public static double SigmaFromFwhm(double fwhm) => fwhm / 2.3548200450309493;

    /// <summary>
    /// Bethe ionisation cross-section up to a constant, Q(U, E_c) = ln(U) / (U·E_c²), U = E0/E_c (docs/edx-model.md;
    /// Williams &amp; Carter ch. 35). Zero when U ≤ 1.
    /// </summary>
    /// <param name="beamKeV">Beam energy E0, keV.</param>
    /// <param name="edgeKeV">Edge energy E_c, keV.</param>
    public static double IonisationCrossSection(double beamKeV, double edgeKeV)
    {
        double u = beamKeV / edgeKeV;
        return u > 1 ? Math.Log(u) / (u * edgeKeV * edgeKeV) : 0.0;
    }

    /// <summary>
    /// True when the subshell is excited and modelled: U = E0/E_c &gt; 1.05 and its strongest line ≥ 0.2 keV (docs/edx-model.md).
    /// </summary>
    public static bool IsExcited(XRaySubshellLines subshell, double beamKeV) =>
        beamKeV / subshell.EdgeKeV > MinOvervoltage && subshell.StrongestLine.EnergyKeV >= MinLineKeV;

    /// <summary>
    /// Family sensitivity s = Q(U, E_c)·ω (counts per unit N0·t per unit atomic fraction; docs/edx-model.md);
    /// 0 when the subshell is not excited. Theoretical Cliff–Lorimer factor k_AB = s_B / s_A.
    /// </summary>
    public static double Sensitivity(XRaySubshellLines subshell, double beamKeV) =>
        IsExcited(subshell, beamKeV) ? IonisationCrossSection(beamKeV, subshell.EdgeKeV) * subshell.FluorescenceYield : 0.0;

    /// <summary>
    /// Kramers bremsstrahlung shape per keV per unit b·Z̄·N0·t: (E0 − E)/E · (1 − exp(−(E/0.6 keV)³)) (docs/edx-model.md);
    /// 0 for E ≤ 0 or E ≥ E0.
    /// </summary>
    public static double KramersShape(double energyKeV, double beamKeV)
    {
        if (energyKeV <= 0 || energyKeV >= beamKeV) return 0.0;
        double x = energyKeV / 0.6;
        return (beamKeV - energyKeV) / energyKeV * (1.0 - Math.Exp(-x * x * x));
    }
}
