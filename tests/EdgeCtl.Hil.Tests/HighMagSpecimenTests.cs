using EdgeCtl.Hil.Physics;
using EdgeCtl.Hil.Specimens;
using EdgeCtl.Hil.Specimens.Synthetic;
using EdgeCtl.Realtime;
using EdgeCtl.Tests;
using Xunit;

namespace EdgeCtl.Hil.Tests;

/// <summary>The high-magnification synthetic specimen (docs/rig.md, "Specimen synthetic-highmag"), in process.</summary>
public sealed class HighMagSpecimenTests
{
    private static readonly EdxSpectrumModel Edx = new(XrayLineTable.Load(SharedData.Dir));
    private static readonly SyntheticSpecimen Specimen = SyntheticSpecimen.HighMagnification(["Au", "Co", "Ni"], 3, 10, 0.1, Edx);

    private static ParticleLibrary Library() =>
        MixedParticleLayout.Create([.. new[] { "Au", "Co", "Ni" }.Select(Edx.Table.Get)], 0.2, 0.2, SyntheticSpecimen.HighMagDensityPerUm2, new Xoshiro256(3, stream: 1));

    [Fact]
    public void Library_holds_the_papers_density_of_spheres_rods_and_platelets_side_by_side_some_touching()
    {
        var lib = Library();
        double per65 = lib.Count / (0.2 * 0.2) * 0.065 * 0.065;
        Assert.InRange(per65, 80, 130); // paper section V: 115 in 65 × 65 nm
        var shapes = Enumerable.Range(0, lib.Count).GroupBy(i => lib[i].Shape).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(shapes[ParticleShape.Sphere] / (double)lib.Count, 0.45, 0.75);
        Assert.InRange(shapes[ParticleShape.Rod] / (double)lib.Count, 0.12, 0.35);
        Assert.InRange(shapes[ParticleShape.Platelet] / (double)lib.Count, 0.05, 0.25);

        // No two footprints share a point (checked on a 0.1 nm grid over a 30 × 30 nm patch), and some come within 0.5 nm.
        int overlaps = 0, touching = 0;
        var near = new List<int>();
        for (double y = 50; y < 80; y += 0.1)
        {
            for (double x = 50; x < 80; x += 0.1)
            {
                int inside = 0;
                foreach (int i in lib.Grid.Query((x - 10) / 1000, (y - 10) / 1000, (x + 10) / 1000, (y + 10) / 1000))
                    if (lib[i].ThicknessAt(x - lib[i].XUm * 1000, y - lib[i].YUm * 1000, 1) > 0) inside++;
                if (inside > 1) overlaps++;
            }
        }
        for (int i = 0; i < lib.Count; i++)
        {
            for (int j = i + 1; j < lib.Count; j++)
            {
                double d = Math.Sqrt(Math.Pow(lib[i].XUm - lib[j].XUm, 2) + Math.Pow(lib[i].YUm - lib[j].YUm, 2)) * 1000;
                if (d > lib[i].ExtentNm + lib[j].ExtentNm + 0.5) continue;
                if (Gap(lib[i], lib[j]) < 0.5) touching++;
            }
        }
        Assert.True(overlaps < 40, $"{overlaps} grid points inside two particles (the 0.2 nm raster allows a rim of a few)");
        Assert.True(touching >= 0.05 * lib.Count, $"only {touching} touching pairs among {lib.Count} particles");
    }

    /// <summary>Smallest distance between the two footprints, nm, sampled on j's footprint at 0.1 nm.</summary>
    private static double Gap(in Particle a, in Particle b)
    {
        double best = double.PositiveInfinity;
        double e = b.ExtentNm;
        for (double dy = -e; dy <= e; dy += 0.1)
        for (double dx = -e; dx <= e; dx += 0.1)
        {
            if (b.ThicknessAt(dx, dy, 1) <= 0) continue;
            double px = b.XUm * 1000 + dx - a.XUm * 1000, py = b.YUm * 1000 + dy - a.YUm * 1000;
            best = Math.Min(best, Math.Max(0, a.ProbeScore(px, py, 0) - 1) * (a.Shape == ParticleShape.Platelet ? a.HalfWidthNm : a.RadiusNm));
        }
        return best;
    }

    [Fact]
    public void Haadf_overview_resolves_particles_with_z_contrast_above_the_film_and_counting_noise()
    {
        Assert.Equal("synthetic-highmag", Specimen.Name);
        Assert.Equal(0.1, Specimen.BeamShiftRangeUm);
        var truth = new List<ParticleTruth>();
        double cx = 0.25, cy = 0.25, fovUm = 0.064;
        ((IParticleGroundTruth)Specimen).CollectParticles(cx - 0.03, cy - 0.03, cx + 0.03, cy + 0.03, truth);
        Assert.InRange(truth.Count, 60, 140);
        const int n = 1024;
        var geometry = new ImageGeometry(cx, cy, Specimen.PixelSizeNm(fovUm, n), n, n);
        var pixels = new ushort[n * n];
        Specimen.RenderImage(DetectorKind.Haadf, geometry, 4, pixels, new Xoshiro256(1, 3));
        var sorted = pixels.Select(v => (double)v).Order().ToArray();
        double film = sorted[(int)(0.05 * sorted.Length)]; // the film shows between particles
        double noise = Math.Sqrt(film - DetectorDark.ImageOffset); // Poisson
        int bright = 0;
        foreach (var p in truth)
        {
            int col = (int)((p.XUm - geometry.LeftUm) * 1000 / geometry.PixelSizeNm), row = (int)((geometry.TopUm - p.YUm) * 1000 / geometry.PixelSizeNm);
            if (col < 5 || row < 5 || col >= n - 5 || row >= n - 5) continue;
            double mean = 0;
            for (int dy = -2; dy <= 2; dy++) for (int dx = -2; dx <= 2; dx++) mean += pixels[(row + dy) * n + col + dx];
            if (mean / 25 > film + 5 * noise) bright++;
        }
        Assert.True(bright >= 0.9 * truth.Count(p => p.XUm > cx - 0.0315 && p.XUm < cx + 0.0315 && p.YUm > cy - 0.0315 && p.YUm < cy + 0.0315) - 2,
            $"{bright} of {truth.Count} particle centres brighter than film {film:F0} + 5σ");
        // Noise scales with dwell (Poisson): the film's spread at 4 µs is ~sqrt(counts).
        Assert.InRange(film - DetectorDark.ImageOffset, 0.02 * 4 * ImageDetectorResponse.FilmUnits * 0.7, 0.02 * 4 * ImageDetectorResponse.FilmUnits * 1.1);
    }

    [Fact]
    public void Edx_on_a_particle_shows_its_elements_and_a_probe_beside_it_only_the_film()
    {
        var truth = new List<ParticleTruth>();
        ((IParticleGroundTruth)Specimen).CollectParticles(0.2, 0.2, 0.3, 0.3, truth);
        var p = truth.OrderByDescending(t => t.Composition[0]).First(); // Au-rich: Au M lines at 2.1 keV
        var on = new uint[EdxSpectrumModel.Channels];
        var off = new uint[EdxSpectrumModel.Channels];
        Specimen.AcquireEdx(p.XUm, p.YUm, 2, on, new Xoshiro256(5));
        // 0.3 nm tolerance: find a probe position near the particle that is on nothing.
        double offX = p.XUm, offY = p.YUm;
        for (double d = 0.5; d < 20; d += 0.5)
        {
            offX = p.XUm + d / 1000;
            if (Specimen.EelsTargetAt(offX, offY) == 0) break;
        }
        Specimen.AcquireEdx(offX, offY, 2, off, new Xoshiro256(5));
        long au(uint[] c) { long s = 0; for (int i = 200; i < 225; i++) s += c[i]; return s; } // 2.00–2.25 keV
        Assert.True(au(on) > 5 * Math.Max(1, au(off)), $"Au M window: {au(on)} on the particle, {au(off)} beside it");
        Assert.NotEqual(0, Specimen.EelsTargetAt(p.XUm, p.YUm));
    }
}
