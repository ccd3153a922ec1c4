using EdgeCtl.Hil.Cli;
using EdgeCtl.Hil.Physics;
using EdgeCtl.Hil.Specimens;
using EdgeCtl.Hil.Specimens.Synthetic;
using EdgeCtl.Inference.Imaging;
using EdgeCtl.Realtime;

namespace EdgeCtl.Benchmarks;

/// <summary>
/// The rig's 1024 × 1024 high-magnification HAADF frames of issue 3: the specimen of
/// <see cref="SyntheticSpecimen.HighMagnification"/> (paper section V: spheres, rods and platelets a few nm across,
/// 20 % touching) at the paper's density of 27 000 µm⁻², exposed at edgectl's default overview dwell of 1 µs as the campaign images it
/// (<c>make run SPECIMEN=highmag</c>). "100": the 64-nm FoV the campaign zooms to for an expected diameter of 4 nm
/// (4 nm · 1024 / 64 px, <c>OverviewPlan</c>), ~100 particles; "300": the specimen's largest beam-shift FoV, 100 nm,
/// 235 particles. Needs <c>../shared/data</c> (the X-ray line table the specimen is built with).
/// </summary>
internal static class RigFrames
{
    /// <summary>Frame side, px.</summary>
    public const int Side = 1024;

    private const double DwellUs = 1;
    private const double DensityPerUm2 = 27_000;

    /// <summary>Renders frame <paramref name="frame"/> ("100" or "300"); <paramref name="particlesInFrame"/> counts the particles whose centre lies in the FoV.</summary>
    /// <exception cref="ArgumentException"><paramref name="frame"/> is neither "100" nor "300".</exception>
    public static GrayImage Render(string frame, out int particlesInFrame, out double fovUm)
    {
        fovUm = frame switch
        {
            "100" => 0.064,
            "300" => 0.1,
            _ => throw new ArgumentException($"Frame must be \"100\" or \"300\", got \"{frame}\".", nameof(frame)),
        };
        var edx = new EdxSpectrumModel(XrayLineTable.Load(DataDirectoryResolver.Resolve(null)));
        var specimen = SyntheticSpecimen.HighMagnification(["Au", "Co", "Ni"], seed: 1, targetGaussians: 10, targetSigma: 0.1, edx, DensityPerUm2);
        var geometry = new ImageGeometry(0.25, 0.25, fovUm * 1000 / Side, Side, Side);
        var counts = new ushort[Side * Side];
        specimen.RenderImage(DetectorKind.Haadf, geometry, DwellUs, counts, new Xoshiro256(1, stream: 9UL));
        var image = new GrayImage(Side, Side, geometry.PixelSizeNm);
        for (int i = 0; i < counts.Length; i++) image.Pixels[i] = counts[i];
        var inside = new List<ParticleTruth>();
        double half = fovUm / 2;
        particlesInFrame = specimen.CollectParticles(0.25 - half, 0.25 - half, 0.25 + half, 0.25 + half, inside);
        return image;
    }
}
