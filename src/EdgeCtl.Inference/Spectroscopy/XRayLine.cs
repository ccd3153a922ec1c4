namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// One characteristic X-ray line (Elam, Ravel &amp; Sieber 2002, via public-domain XrayDB).
/// </summary>
/// <param name="Name">Siegbahn name, e.g. "Ka1", "La1", "Ma" (<c>Lb2,15</c> is spelt <c>Lb2/15</c>).</param>
/// <param name="EnergyKeV">Line energy, keV.</param>
/// <param name="RelativeIntensity">Intensity relative to the other lines of the same initial subshell, as tabulated
/// (not renormalised; the tabulated values of one subshell sum to ≈ 1).</param>
/// <param name="Share">This line's share of its subshell's emission: <see cref="RelativeIntensity"/> divided by the sum
/// over the subshell's lines (docs/edx-model.md, "each line's share"). Sums to exactly 1 within a subshell.</param>
public readonly record struct XRayLine(string Name, double EnergyKeV, double RelativeIntensity, double Share);
