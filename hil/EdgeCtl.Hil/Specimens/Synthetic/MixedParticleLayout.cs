using EdgeCtl.Hil.Numerics;
using EdgeCtl.Hil.Physics;
using EdgeCtl.Realtime;

namespace EdgeCtl.Hil.Specimens.Synthetic;

/// <summary>
/// The high-magnification library (docs/rig.md, "Specimen synthetic-highmag"), after the paper's
/// section V experiment (quantum dots, nanorods and nanoplatelets, ~115 particles in 65 × 65 nm):
/// N ~ Poisson(ρ·W·H) particles drawn one after another — 60 % spheres (r ~ N(2.0, 0.4) nm, ≥ 1.2),
/// 25 % rods (r ~ N(1.3, 0.2) nm, ≥ 0.8; cylinder half-length L ~ U(2, 5) nm), 15 % platelets
/// (half-sides a ~ U(3, 5) nm, b ~ U(2, 3) nm, thickness 1.5 nm) — with uniform orientation and
/// composition uniform on the simplex. Particles do not overlap (they lie on the film side by side):
/// each footprint is checked against an occupancy raster of <see cref="RasterNm"/> nm. A fraction
/// <see cref="TouchingFraction"/> is placed in contact with an earlier particle (aggregates); the
/// others at uniform positions. A particle that finds no free place in <see cref="Attempts"/> tries
/// is dropped, so very high densities saturate (random sequential adsorption).
/// </summary>
public static class MixedParticleLayout
{
    /// <summary>Cell of the occupancy raster, nm (touching particles are at most this far apart).</summary>
    public const double RasterNm = 0.2;
    /// <summary>Fraction of particles placed in contact with an earlier one.</summary>
    public const double TouchingFraction = 0.2;
    /// <summary>Placement attempts per particle.</summary>
    public const int Attempts = 40;
    /// <summary>Platelet thickness, nm (a CdSe nanoplatelet of ~5 monolayers).</summary>
    public const double PlateletThicknessNm = 1.5;

    /// <summary>Draws the library on a <paramref name="widthUm"/> × <paramref name="heightUm"/> µm area.</summary>
    /// <param name="elements">The elements, in composition order.</param>
    /// <param name="widthUm">Area width, µm (≤ 2 µm: the raster is (W / 0.2 nm)² bytes).</param>
    /// <param name="heightUm">Area height, µm.</param>
    /// <param name="densityPerUm2">Particles drawn per µm² (fewer are placed when the film fills up).</param>
    /// <param name="rng">Seeded generator (the layout stream).</param>
    /// <exception cref="ArgumentOutOfRangeException">The area is larger than 2 × 2 µm.</exception>
    public static ParticleLibrary Create(IReadOnlyList<XrayElement> elements, double widthUm, double heightUm, double densityPerUm2, Xoshiro256 rng)
    {
        if (widthUm > 2 || heightUm > 2) throw new ArgumentOutOfRangeException(nameof(widthUm), "the mixed layout's occupancy raster covers at most 2 × 2 µm");
        int dims = elements.Count;
        var occupancy = new Occupancy(widthUm * 1000, heightUm * 1000);
        int n = (int)Sampling.Poisson(rng, densityPerUm2 * widthUm * heightUm);
        var particles = new List<Particle>(n);
        var compositions = new List<double>(n * dims);
        Span<double> c = stackalloc double[dims];
        for (int i = 0; i < n; i++)
        {
            var shape = DrawShape(rng);
            bool touching = particles.Count > 0 && rng.NextDouble() < TouchingFraction;
            Particle? placed = null;
            for (int attempt = 0; attempt < Attempts && placed is null; attempt++)
            {
                double angle = rng.NextDouble() * Math.PI;
                var p = shape with { AngleRad = angle };
                if (touching)
                {
                    var other = particles[(int)(rng.NextDouble() * particles.Count)];
                    double phi = rng.NextDouble() * 2 * Math.PI;
                    // Start just clear of the neighbour and step in until the footprints would overlap.
                    double d = other.ExtentNm + p.ExtentNm + RasterNm;
                    Particle? last = null;
                    for (; d > 0; d -= RasterNm)
                    {
                        var q = p with { XUm = other.XUm + d * Math.Cos(phi) / 1000, YUm = other.YUm + d * Math.Sin(phi) / 1000 };
                        if (!occupancy.Inside(q) || !occupancy.Free(q)) break;
                        last = q;
                    }
                    placed = last;
                }
                else
                {
                    var q = p with { XUm = rng.NextDouble() * widthUm, YUm = rng.NextDouble() * heightUm };
                    if (occupancy.Inside(q) && occupancy.Free(q)) placed = q;
                }
            }
            if (placed is not { } ok) continue;
            Simplex.SampleUniform(rng, c);
            double contrast = 0, meanZ = 0;
            for (int e = 0; e < dims; e++)
            {
                contrast += c[e] * Math.Pow(elements[e].Z, ParticleLibrary.ZContrastExponent);
                meanZ += c[e] * elements[e].Z;
            }
            occupancy.Mark(ok);
            particles.Add(ok with { ContrastPerNm = contrast, MeanZ = meanZ, CompositionIndex = compositions.Count });
            foreach (double f in c) compositions.Add(f);
        }
        return new ParticleLibrary([.. particles], [.. compositions], dims, widthUm, heightUm, cellUm: 0.01);
    }

    private static Particle DrawShape(Xoshiro256 rng)
    {
        double kind = rng.NextDouble();
        if (kind < 0.60)
            return new Particle(0, 0, Truncated(rng, 2.0, 0.4, 1.2), 0, 0, 0);
        if (kind < 0.85)
            return new Particle(0, 0, Truncated(rng, 1.3, 0.2, 0.8), 0, 0, 0, ParticleShape.Rod, HalfLengthNm: 2 + 3 * rng.NextDouble());
        double a = 3 + 2 * rng.NextDouble(), b = 2 + rng.NextDouble();
        return new Particle(0, 0, Math.Sqrt(4 * a * b / Math.PI), 0, 0, 0, ParticleShape.Platelet, a, b, PlateletThicknessNm);
    }

    private static double Truncated(Xoshiro256 rng, double mean, double sd, double min)
    {
        double r;
        do r = mean + sd * Sampling.Normal(rng);
        while (r < min);
        return r;
    }

    /// <summary>Occupancy raster of the film: a cell is taken when its centre lies in a placed footprint.</summary>
    private sealed class Occupancy(double widthNm, double heightNm)
    {
        private readonly int _cols = (int)Math.Ceiling(widthNm / RasterNm), _rows = (int)Math.Ceiling(heightNm / RasterNm);
        private readonly bool[] _taken = new bool[(int)Math.Ceiling(widthNm / RasterNm) * (int)Math.Ceiling(heightNm / RasterNm)];

        /// <summary>The whole footprint lies on the area.</summary>
        public bool Inside(in Particle p)
        {
            double x = p.XUm * 1000, y = p.YUm * 1000, e = p.ExtentNm;
            return x - e >= 0 && y - e >= 0 && x + e <= widthNm && y + e <= heightNm;
        }

        public bool Free(in Particle p) => Visit(p, mark: false);

        public void Mark(in Particle p) => Visit(p, mark: true);

        private bool Visit(in Particle p, bool mark)
        {
            double x = p.XUm * 1000, y = p.YUm * 1000, e = p.ExtentNm;
            int c0 = Math.Max(0, (int)((x - e) / RasterNm)), c1 = Math.Min(_cols - 1, (int)((x + e) / RasterNm));
            int r0 = Math.Max(0, (int)((y - e) / RasterNm)), r1 = Math.Min(_rows - 1, (int)((y + e) / RasterNm));
            for (int r = r0; r <= r1; r++)
            for (int col = c0; col <= c1; col++)
            {
                double dx = (col + 0.5) * RasterNm - x, dy = (r + 0.5) * RasterNm - y;
                if (p.ThicknessAt(dx, dy, 1) <= 0) continue;
                if (mark) _taken[r * _cols + col] = true;
                else if (_taken[r * _cols + col]) return false;
            }
            return true;
        }
    }
}
