using EdgeCtl.Realtime;
using EdgeCtl.Hil.Numerics;
using EdgeCtl.Hil.Physics;

namespace EdgeCtl.Hil.Specimens.Synthetic;

/// <summary>
/// The seeded random library of the paper's section IV.3 (docs/rig.md, "Specimen synthetic"):
/// on a W × H µm area, N ~ Poisson(ρ·W·H) particles at uniform positions, radius
/// Normal(mean, sd) truncated to ≥ <see cref="MinimumRadiusNm"/>, composition uniform on the simplex
/// of the elements (Dirichlet(1)). Immutable after construction; indexed by a <see cref="ParticleGrid"/>.
/// </summary>
public sealed class ParticleLibrary
{
    /// <summary>Smallest radius kept by the truncated normal, nm.</summary>
    public const double MinimumRadiusNm = 3;

    /// <summary>Exponent of the HAADF Z-contrast (intensity ∝ Z^1.7).</summary>
    public const double ZContrastExponent = 1.7;

    private readonly Particle[] _particles;
    private readonly double[] _compositions;

    /// <summary>Draws the library.</summary>
    /// <param name="elements">The elements, in composition order (2–6).</param>
    /// <param name="widthUm">Area width, µm.</param>
    /// <param name="heightUm">Area height, µm.</param>
    /// <param name="densityPerUm2">Particle density ρ, µm⁻².</param>
    /// <param name="meanRadiusNm">Mean radius, nm.</param>
    /// <param name="sdRadiusNm">Standard deviation of the radius, nm.</param>
    /// <param name="rng">Seeded generator (the layout stream).</param>
    public ParticleLibrary(IReadOnlyList<XrayElement> elements, double widthUm, double heightUm,
        double densityPerUm2, double meanRadiusNm, double sdRadiusNm, Xoshiro256 rng)
    {
        Dimensions = elements.Count;
        WidthUm = widthUm;
        HeightUm = heightUm;
        int n = (int)Sampling.Poisson(rng, densityPerUm2 * widthUm * heightUm);
        _particles = new Particle[n];
        _compositions = new double[n * Dimensions];
        for (int i = 0; i < n; i++)
        {
            double x = rng.NextDouble() * widthUm, y = rng.NextDouble() * heightUm;
            double r;
            do r = meanRadiusNm + sdRadiusNm * Sampling.Normal(rng);
            while (r < MinimumRadiusNm);
            var c = _compositions.AsSpan(i * Dimensions, Dimensions);
            Simplex.SampleUniform(rng, c);
            double contrast = 0, meanZ = 0;
            for (int e = 0; e < Dimensions; e++)
            {
                contrast += c[e] * Math.Pow(elements[e].Z, ZContrastExponent);
                meanZ += c[e] * elements[e].Z;
            }
            _particles[i] = new Particle(x, y, r, contrast, meanZ, i * Dimensions);
            MaxExtentNm = Math.Max(MaxExtentNm, r);
        }
        Grid = new ParticleGrid(_particles, widthUm, heightUm, cellUm: 5);
    }

    /// <summary>A library of given particles (e.g. <see cref="MixedParticleLayout"/>).</summary>
    /// <param name="particles">The particles; each one's <see cref="Particle.CompositionIndex"/> points into <paramref name="compositions"/>.</param>
    /// <param name="compositions">Fractions, <paramref name="dimensions"/> per particle.</param>
    /// <param name="dimensions">Number of elements per composition.</param>
    /// <param name="widthUm">Area width, µm.</param>
    /// <param name="heightUm">Area height, µm.</param>
    /// <param name="cellUm">Cell edge of the spatial index, µm (a few particle spacings).</param>
    public ParticleLibrary(Particle[] particles, double[] compositions, int dimensions, double widthUm, double heightUm, double cellUm)
    {
        Dimensions = dimensions;
        WidthUm = widthUm;
        HeightUm = heightUm;
        _particles = particles;
        _compositions = compositions;
        foreach (var p in particles) MaxExtentNm = Math.Max(MaxExtentNm, p.ExtentNm);
        Grid = new ParticleGrid(_particles, widthUm, heightUm, cellUm);
    }

    /// <summary>Number of elements per composition.</summary>
    public int Dimensions { get; }

    /// <summary>Area width, µm.</summary>
    public double WidthUm { get; }

    /// <summary>Area height, µm.</summary>
    public double HeightUm { get; }

    /// <summary>Largest particle extent (<see cref="Particle.ExtentNm"/>; the radius for spheres), nm (bounds for grid queries).</summary>
    public double MaxExtentNm { get; }

    /// <summary>Number of particles.</summary>
    public int Count => _particles.Length;

    /// <summary>The spatial index.</summary>
    public ParticleGrid Grid { get; }

    /// <summary>Particle <paramref name="index"/>.</summary>
    public ref readonly Particle this[int index] => ref _particles[index];

    /// <summary>The composition (fractions in element order) of particle <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> Composition(int index) => _compositions.AsSpan(_particles[index].CompositionIndex, Dimensions);
}
