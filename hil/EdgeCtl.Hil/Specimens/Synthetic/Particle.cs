namespace EdgeCtl.Hil.Specimens.Synthetic;

/// <summary>
/// One particle of the random library, lying flat on the support film. The section IV.3 library
/// holds only spheres; the high-magnification library also rods and platelets
/// (<see cref="ParticleShape"/>).
/// </summary>
/// <param name="XUm">Centre x, µm (specimen coordinates).</param>
/// <param name="YUm">Centre y, µm.</param>
/// <param name="RadiusNm">Sphere: radius; rod: radius of its cross-section; platelet: equivalent radius sqrt(4ab/π), nm.</param>
/// <param name="ContrastPerNm">HAADF weight per nm of projected thickness: Σ_i c_i Z_i^1.7.</param>
/// <param name="MeanZ">Mean atomic number Z̄ = Σ_i c_i Z_i (bremsstrahlung).</param>
/// <param name="CompositionIndex">Index of the particle's first fraction in the library's composition array.</param>
/// <param name="Shape">Shape.</param>
/// <param name="HalfLengthNm">Rod: half-length L of the cylindrical part; platelet: half-side a along the axis, nm (0 for spheres).</param>
/// <param name="HalfWidthNm">Platelet: half-side b across the axis, nm (0 otherwise).</param>
/// <param name="ThicknessNm">Platelet: thickness T, nm (0 otherwise).</param>
/// <param name="AngleRad">Direction of the long axis from +x towards +y (specimen coordinates), rad.</param>
public readonly record struct Particle(double XUm, double YUm, double RadiusNm, double ContrastPerNm, double MeanZ, int CompositionIndex,
    ParticleShape Shape = ParticleShape.Sphere, double HalfLengthNm = 0, double HalfWidthNm = 0, double ThicknessNm = 0, double AngleRad = 0)
{
    /// <summary>Largest distance of any point of the particle's footprint from its centre, nm.</summary>
    public double ExtentNm => Shape switch
    {
        ParticleShape.Rod => HalfLengthNm + RadiusNm,
        ParticleShape.Platelet => Math.Sqrt(HalfLengthNm * HalfLengthNm + HalfWidthNm * HalfWidthNm),
        _ => RadiusNm,
    };

    /// <summary>Projected thickness at the centre, nm: the thickness EDX sees with the probe on the particle.</summary>
    public double CentreThicknessNm => Shape == ParticleShape.Platelet ? ThicknessNm : 2 * RadiusNm;

    /// <summary>Volume, nm³ (the projected mass of a particle too small to resolve).</summary>
    public double VolumeNm3 => Shape switch
    {
        ParticleShape.Rod => Math.PI * RadiusNm * RadiusNm * 2 * HalfLengthNm + 4.0 / 3.0 * Math.PI * Math.Pow(RadiusNm, 3),
        ParticleShape.Platelet => 4 * HalfLengthNm * HalfWidthNm * ThicknessNm,
        _ => 4.0 / 3.0 * Math.PI * Math.Pow(RadiusNm, 3),
    };

    /// <summary>Radius of the disc with the footprint's area, nm.</summary>
    public double EquivalentRadiusNm => Shape switch
    {
        ParticleShape.Rod => Math.Sqrt((4 * HalfLengthNm * RadiusNm + Math.PI * RadiusNm * RadiusNm) / Math.PI),
        _ => RadiusNm,
    };

    /// <summary>
    /// Projected thickness at offset (<paramref name="dx"/>, <paramref name="dy"/>) from the centre
    /// (specimen axes, y up), in the same length unit as the arguments, given the particle's
    /// dimensions converted to that unit by dividing by <paramref name="unitNm"/>. 0 outside the footprint.
    /// </summary>
    public double ThicknessAt(double dx, double dy, double unitNm)
    {
        double r = RadiusNm / unitNm;
        if (Shape == ParticleShape.Sphere)
        {
            double d2 = r * r - dx * dx - dy * dy;
            return d2 > 0 ? 2 * Math.Sqrt(d2) : 0;
        }
        double c = Math.Cos(AngleRad), s = Math.Sin(AngleRad);
        double u = dx * c + dy * s, v = -dx * s + dy * c;
        if (Shape == ParticleShape.Rod)
        {
            double du = Math.Max(0, Math.Abs(u) - HalfLengthNm / unitNm);
            double d2 = r * r - du * du - v * v;
            return d2 > 0 ? 2 * Math.Sqrt(d2) : 0;
        }
        return Math.Abs(u) <= HalfLengthNm / unitNm && Math.Abs(v) <= HalfWidthNm / unitNm ? ThicknessNm / unitNm : 0;
    }

    /// <summary>
    /// How far a probe at offset (<paramref name="dxNm"/>, <paramref name="dyNm"/>) nm from the centre
    /// is from the particle, relative to the footprint grown by <paramref name="toleranceNm"/>: 0 on the
    /// axis (centre), ≤ 1 when the probe is within the grown footprint ("on" the particle). For a
    /// sphere this is distance / (r + tolerance).
    /// </summary>
    public double ProbeScore(double dxNm, double dyNm, double toleranceNm)
    {
        if (Shape == ParticleShape.Sphere) return Math.Sqrt(dxNm * dxNm + dyNm * dyNm) / (RadiusNm + toleranceNm);
        double c = Math.Cos(AngleRad), s = Math.Sin(AngleRad);
        double u = dxNm * c + dyNm * s, v = -dxNm * s + dyNm * c;
        if (Shape == ParticleShape.Rod)
        {
            double du = Math.Max(0, Math.Abs(u) - HalfLengthNm);
            return Math.Sqrt(du * du + v * v) / (RadiusNm + toleranceNm);
        }
        return Math.Max(Math.Abs(u) / (HalfLengthNm + toleranceNm), Math.Abs(v) / (HalfWidthNm + toleranceNm));
    }
}
