namespace EdgeCtl.Hil.Cli;

/// <summary>Which specimen the rig emulates (<c>--specimen</c>, docs/rig.md).</summary>
public enum SpecimenKind
{
    /// <summary>Seeded random library of the paper's section IV.3 simulation.</summary>
    Synthetic,
    /// <summary>The recorded SiO₂ HAADF + EDX spectrum image, served tile by tile.</summary>
    Replay,
    /// <summary>High-magnification variant of the synthetic library (paper section V): touching spheres, rods and platelets a few nm across, 100 nm beam-shift range.</summary>
    SyntheticHighMag,
}
