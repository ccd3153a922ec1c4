namespace EdgeCtl.Hil.Specimens.Synthetic;

/// <summary>
/// One spherical particle of the random library.
/// </summary>
/// <param name="XUm">Centre x, µm (specimen coordinates).</param>
/// <param name="YUm">Centre y, µm.</param>
/// <param name="RadiusNm">Radius, nm.</param>
/// <param name="ContrastPerNm">HAADF weight per nm of projected thickness: Σ_i c_i Z_i^1.7.</param>
/// <param name="MeanZ">Mean atomic number Z̄ = Σ_i c_i Z_i (bremsstrahlung).</param>
/// <param name="CompositionIndex">Index of the particle's first fraction in the library's composition array.</param>
public readonly record struct Particle(double XUm, double YUm, double RadiusNm, double ContrastPerNm, double MeanZ, int CompositionIndex);
