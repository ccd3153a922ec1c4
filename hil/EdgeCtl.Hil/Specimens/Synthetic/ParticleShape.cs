namespace EdgeCtl.Hil.Specimens.Synthetic;

/// <summary>Shape of a synthetic particle lying on the support film (docs/rig.md, "Specimen synthetic-highmag").</summary>
public enum ParticleShape
{
    /// <summary>A sphere of radius r (quantum dot); projected thickness 2·sqrt(r² − ρ²).</summary>
    Sphere,
    /// <summary>A rod lying flat: a cylinder of radius r and length 2L with hemispherical caps
    /// (spherocylinder); projected thickness 2·sqrt(r² − ρ²), ρ the distance from the axis segment.</summary>
    Rod,
    /// <summary>A platelet lying flat: a rectangle of half-sides a × b and uniform thickness T.</summary>
    Platelet,
}
