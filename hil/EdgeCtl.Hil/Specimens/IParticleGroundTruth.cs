namespace EdgeCtl.Hil.Specimens;

/// <summary>
/// Ground truth of a specimen whose particles are known (the synthetic one), for evaluation and
/// tests through the control command <c>PARTICLES IN</c> (docs/rig.md). The campaign never uses it.
/// </summary>
public interface IParticleGroundTruth
{
    /// <summary>Appends every particle whose centre lies in [x0, x1] × [y0, y1] µm; returns how many.</summary>
    int CollectParticles(double x0Um, double y0Um, double x1Um, double y1Um, List<ParticleTruth> into);
}

/// <summary>A particle as listed by <c>PARTICLES IN</c>: centre (µm), radius (nm), composition (fractions in element order).</summary>
public sealed record ParticleTruth(double XUm, double YUm, double RadiusNm, double[] Composition);
