using System.Buffers;
using EdgeCtl.Hil.Numerics;
using EdgeCtl.Hil.Physics;
using EdgeCtl.Realtime;

namespace EdgeCtl.Hil.Specimens.Synthetic;

/// <summary>
/// The paper's section IV.3 random library (docs/rig.md, "Specimen synthetic"): 300 × 300 µm,
/// ρ = 0.02 µm⁻², radius N(20 nm, 10 nm) truncated at 3 nm, compositions uniform on the simplex,
/// 30 µm beam-shift range. HAADF/BF images from <see cref="ProjectedMassMap"/> and
/// <see cref="ImageDetectorResponse"/>; EDX from <see cref="EdxSpectrumModel"/> with the particles
/// under the probe (within radius + <see cref="ProbeToleranceNm"/>, projected thickness 2r each), a
/// 20-nm carbon support film (C K) and a stray Cu grid signal (Cu K/L, equivalent to
/// <see cref="GridCopperEquivalentNm"/> nm of Cu); EELS target from the nearest particle under the probe.
/// <see cref="HighMagnification"/> builds the high-magnification variant ("synthetic-highmag", paper
/// section V): a 0.5 × 0.5 µm area of touching spheres, rods and platelets a few nm across
/// (<see cref="MixedParticleLayout"/>), a 100 nm beam-shift range, a 0.3 nm probe tolerance and a
/// 0.1 nm probe σ in the images.
/// </summary>
public sealed class SyntheticSpecimen : ISpecimen, IParticleGroundTruth
{
    /// <summary>Side of the square specimen area, µm.</summary>
    public const double SideUm = 300;
    /// <summary>Particle density, µm⁻².</summary>
    public const double DensityPerUm2 = 0.02;
    /// <summary>Mean particle radius, nm.</summary>
    public const double MeanRadiusNm = 20;
    /// <summary>Standard deviation of the radius, nm.</summary>
    public const double SdRadiusNm = 10;
    /// <summary>Beam-shift range (overview FoV), µm.</summary>
    public const double FieldOfViewUm = 30;
    /// <summary>A probe within radius + this distance of a particle's centre is "on" it, nm.</summary>
    public const double ProbeToleranceNm = 5;
    /// <summary>Stray Cu signal from the grid bars, as an equivalent thickness of Cu under the probe, nm.</summary>
    public const double GridCopperEquivalentNm = 1;

    /// <summary>High-magnification variant: side of the square specimen area, µm.</summary>
    public const double HighMagSideUm = 0.5;
    /// <summary>High-magnification variant: particles drawn per µm² (paper section V: 115 in 65 × 65 nm).</summary>
    public const double HighMagDensityPerUm2 = 27_000;
    /// <summary>High-magnification variant: beam-shift range (largest overview FoV), µm.</summary>
    public const double HighMagFieldOfViewUm = 0.1;
    /// <summary>High-magnification variant: probe tolerance, nm (particles touch, so it is small).</summary>
    public const double HighMagProbeToleranceNm = 0.3;
    /// <summary>High-magnification variant: σ of the probe and drift blur in images, nm.</summary>
    public const double HighMagProbeSigmaNm = 0.1;

    private readonly double _sideUm, _fovUm, _toleranceNm, _probeSigmaNm;

    private readonly ParticleLibrary _library;
    private readonly EdxSpectrumModel _edx;
    private readonly double[][] _elementTemplates;
    private readonly double[] _filmTemplate;
    private readonly double[] _gridTemplate;
    private readonly int _filmZ, _gridZ;

    /// <summary>Builds the specimen from the seed.</summary>
    /// <param name="elements">Element symbols, 2–6, validated against the line table.</param>
    /// <param name="seed">The user seed.</param>
    /// <param name="targetGaussians">K of the hidden target.</param>
    /// <param name="targetSigma">σ of the hidden target.</param>
    /// <param name="edx">The EDX model (line table + calibration).</param>
    /// <exception cref="Cli.RigUsageException">An element is unknown or invisible to EDX.</exception>
    public SyntheticSpecimen(IReadOnlyList<string> elements, long seed, int targetGaussians, double targetSigma, EdxSpectrumModel edx)
        : this("synthetic", elements, seed, targetGaussians, targetSigma, edx, SideUm, FieldOfViewUm, ProbeToleranceNm, probeSigmaNm: 0,
            (xray, rng) => new ParticleLibrary(xray, SideUm, SideUm, DensityPerUm2, MeanRadiusNm, SdRadiusNm, rng))
    {
    }

    /// <summary>The high-magnification variant "synthetic-highmag" (docs/rig.md).</summary>
    /// <param name="elements">Element symbols, 2–6, validated against the line table.</param>
    /// <param name="seed">The user seed.</param>
    /// <param name="targetGaussians">K of the hidden target.</param>
    /// <param name="targetSigma">σ of the hidden target.</param>
    /// <param name="edx">The EDX model (line table + calibration).</param>
    /// <param name="densityPerUm2">Particles drawn per µm² (default <see cref="HighMagDensityPerUm2"/>).</param>
    /// <exception cref="Cli.RigUsageException">An element is unknown or invisible to EDX.</exception>
    public static SyntheticSpecimen HighMagnification(IReadOnlyList<string> elements, long seed, int targetGaussians, double targetSigma,
        EdxSpectrumModel edx, double densityPerUm2 = HighMagDensityPerUm2) =>
        new("synthetic-highmag", elements, seed, targetGaussians, targetSigma, edx, HighMagSideUm, HighMagFieldOfViewUm,
            HighMagProbeToleranceNm, HighMagProbeSigmaNm,
            (xray, rng) => MixedParticleLayout.Create(xray, HighMagSideUm, HighMagSideUm, densityPerUm2, rng));

    private SyntheticSpecimen(string name, IReadOnlyList<string> elements, long seed, int targetGaussians, double targetSigma, EdxSpectrumModel edx,
        double sideUm, double fovUm, double toleranceNm, double probeSigmaNm, Func<XrayElement[], Xoshiro256, ParticleLibrary> library)
    {
        _edx = edx;
        Name = name;
        _sideUm = sideUm;
        _fovUm = fovUm;
        _toleranceNm = toleranceNm;
        _probeSigmaNm = probeSigmaNm;
        var xrayElements = new XrayElement[elements.Count];
        for (int i = 0; i < elements.Count; i++) xrayElements[i] = edx.Table.Get(elements[i]);
        Elements = [.. elements];
        _library = library(xrayElements, new Xoshiro256(seed, stream: 1));
        Target = new HiddenTarget(elements.Count, targetGaussians, targetSigma, new Xoshiro256(seed, stream: 2));
        _elementTemplates = new double[xrayElements.Length][];
        for (int i = 0; i < xrayElements.Length; i++) _elementTemplates[i] = edx.BuildCharacteristicTemplate(xrayElements[i]);
        var carbon = edx.Table.Get("C");
        var copper = edx.Table.Get("Cu");
        _filmTemplate = edx.BuildCharacteristicTemplate(carbon);
        _gridTemplate = edx.BuildCharacteristicTemplate(copper);
        _filmZ = carbon.Z;
        _gridZ = copper.Z;
    }

    /// <inheritdoc />
    public string Name { get; }
    /// <inheritdoc />
    public IReadOnlyList<string> Elements { get; }
    /// <inheritdoc />
    public double WidthUm => _sideUm;
    /// <inheritdoc />
    public double HeightUm => _sideUm;
    /// <inheritdoc />
    public double BeamShiftRangeUm => _fovUm;
    /// <inheritdoc />
    public uint PreferredImageWidth => 0;
    /// <inheritdoc />
    public int? ParticleCount => _library.Count;
    /// <inheritdoc />
    public HiddenTarget Target { get; }

    /// <inheritdoc />
    public (double XUm, double YUm) FieldCentre(double stageXUm, double stageYUm) => (stageXUm, stageYUm);

    /// <inheritdoc />
    public double PixelSizeNm(double fovUm, int width) => fovUm * 1000 / width;

    /// <inheritdoc />
    public void RenderImage(DetectorKind detector, in ImageGeometry geometry, double dwellUs, Span<ushort> pixels, Xoshiro256 rng)
    {
        int n = geometry.Width * geometry.Height;
        float[] mass = ArrayPool<float>.Shared.Rent(n);
        try
        {
            ProjectedMassMap.Render(_library, geometry, mass.AsSpan(0, n), _probeSigmaNm);
            ImageDetectorResponse.Expose(detector, mass.AsSpan(0, n), dwellUs, pixels, rng);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(mass);
        }
    }

    /// <inheritdoc />
    public void AcquireEdx(double probeXUm, double probeYUm, double seconds, Span<uint> counts, Xoshiro256 rng)
    {
        double[] expected = ArrayPool<double>.Shared.Rent(EdxSpectrumModel.Channels);
        try
        {
            var e = expected.AsSpan(0, EdxSpectrumModel.Channels);
            e.Clear();
            double zNm = 0;
            foreach (int index in QueryProbe(probeXUm, probeYUm))
            {
                ref readonly var particle = ref _library[index];
                if (!IsUnderProbe(particle, probeXUm, probeYUm, out _)) continue;
                double thicknessNm = particle.CentreThicknessNm;
                var c = _library.Composition(index);
                for (int el = 0; el < c.Length; el++)
                    EdxSpectrumModel.AddScaled(e, _elementTemplates[el], thicknessNm * seconds * c[el]);
                zNm += thicknessNm * particle.MeanZ;
            }
            EdxSpectrumModel.AddScaled(e, _filmTemplate, ImageDetectorResponse.FilmThicknessNm * seconds);
            EdxSpectrumModel.AddScaled(e, _gridTemplate, GridCopperEquivalentNm * seconds);
            zNm += ImageDetectorResponse.FilmThicknessNm * _filmZ + GridCopperEquivalentNm * _gridZ;
            _edx.AddBremsstrahlung(e, zNm * seconds);
            EdxSpectrumModel.SampleCounts(e, counts, rng);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(expected);
        }
    }

    /// <inheritdoc />
    public double EelsTargetAt(double probeXUm, double probeYUm)
    {
        int best = -1;
        double bestScore = double.PositiveInfinity;
        foreach (int index in QueryProbe(probeXUm, probeYUm))
        {
            if (!IsUnderProbe(_library[index], probeXUm, probeYUm, out double score) || score >= bestScore) continue;
            best = index;
            bestScore = score;
        }
        return best < 0 ? 0 : Target.Evaluate(_library.Composition(best));
    }

    /// <inheritdoc />
    public int CollectParticles(double x0Um, double y0Um, double x1Um, double y1Um, List<ParticleTruth> into)
    {
        int found = 0;
        foreach (int index in _library.Grid.Query(x0Um, y0Um, x1Um, y1Um))
        {
            ref readonly var p = ref _library[index];
            if (p.XUm < x0Um || p.XUm > x1Um || p.YUm < y0Um || p.YUm > y1Um) continue;
            into.Add(new ParticleTruth(p.XUm, p.YUm, p.EquivalentRadiusNm, _library.Composition(index).ToArray()));
            found++;
        }
        return found;
    }

    private ParticleGrid.Enumerator QueryProbe(double xUm, double yUm)
    {
        double reachUm = (_library.MaxExtentNm + _toleranceNm) / 1000;
        return _library.Grid.Query(xUm - reachUm, yUm - reachUm, xUm + reachUm, yUm + reachUm);
    }

    /// <summary>Whether the probe is within the footprint grown by the tolerance (for a sphere: radius + tolerance);
    /// <paramref name="score"/> = <see cref="Particle.ProbeScore"/> (0 = centre).</summary>
    private bool IsUnderProbe(in Particle p, double xUm, double yUm, out double score)
    {
        score = p.ProbeScore((xUm - p.XUm) * 1000, (yUm - p.YUm) * 1000, _toleranceNm);
        return score <= 1;
    }
}
