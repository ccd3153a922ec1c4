namespace EdgeCtl.Hil.Physics;

/// <summary>
/// One excited X-ray family of an element in the thin-film model of docs/edx-model.md: the main
/// subshell (K, L3 or M5), its edge energy E_c (keV), overvoltage U = E0/E_c, fluorescence yield ω,
/// the Bethe cross-section Q(U, E_c) = ln U / (U·E_c²) (up to a constant) and the sensitivity
/// s = Q·ω, with the subshell's lines and their shares (summing to 1).
/// </summary>
/// <param name="Family">"K", "L" or "M".</param>
/// <param name="Subshell">"K", "L3" or "M5".</param>
/// <param name="EdgeKeV">Subshell binding energy E_c, keV.</param>
/// <param name="Overvoltage">U = E0 / E_c.</param>
/// <param name="FluorescenceYield">ω of the subshell.</param>
/// <param name="CrossSection">Q(U, E_c) = ln U / (U·E_c²), keV⁻².</param>
/// <param name="Lines">The subshell's lines: energy (keV) and share within the subshell.</param>
public sealed record XrayFamily(
    string Family,
    string Subshell,
    double EdgeKeV,
    double Overvoltage,
    double FluorescenceYield,
    double CrossSection,
    IReadOnlyList<XrayLine> Lines)
{
    /// <summary>Sensitivity s_Z,F = Q·ω (docs/edx-model.md).</summary>
    public double Sensitivity => CrossSection * FluorescenceYield;
}

/// <summary>An emission line of a family: energy in keV, share of the family's counts (0..1), Siegbahn name.</summary>
public readonly record struct XrayLine(string Name, double EnergyKeV, double Share);
