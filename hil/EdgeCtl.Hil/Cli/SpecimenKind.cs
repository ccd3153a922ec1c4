namespace EdgeCtl.Hil.Cli;

/// <summary>Which specimen the rig emulates (<c>--specimen</c>, docs/rig.md).</summary>
public enum SpecimenKind
{
    /// <summary>Seeded random library of the paper's section IV.3 simulation.</summary>
    Synthetic,
    /// <summary>The recorded SiO₂ HAADF + EDX spectrum image, served tile by tile.</summary>
    Replay,
}
