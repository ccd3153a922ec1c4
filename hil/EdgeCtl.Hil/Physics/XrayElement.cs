namespace EdgeCtl.Hil.Physics;

/// <summary>An element of the X-ray line table with the families the beam excites (docs/edx-model.md).</summary>
/// <param name="Symbol">Element symbol, e.g. "Au".</param>
/// <param name="Z">Atomic number.</param>
/// <param name="Families">Excited families (U &gt; 1.05, strongest line ≥ 0.2 keV); may be empty.</param>
public sealed record XrayElement(string Symbol, int Z, IReadOnlyList<XrayFamily> Families);
