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
    {
        _edx = edx;
        var xrayElements = new XrayElement[elements.Count];
        for (int i = 0; i < elements.Count; i++) xrayElements[i] = edx.Table.Get(elements[i]);
        Elements = [.. elements];
        _library = new ParticleLibrary(xrayElements, SideUm, SideUm, DensityPerUm2, MeanRadiusNm, SdRadiusNm, new Xoshiro256(seed, stream: 1));
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
    public string Name => "synthetic";
    /// <inheritdoc />
    public IReadOnlyList<string> Elements { get; }
    /// <inheritdoc />
    public double WidthUm => SideUm;
    /// <inheritdoc />
    public double HeightUm => SideUm;
    /// <inheritdoc />
    public double BeamShiftRangeUm => FieldOfViewUm;
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
            ProjectedMassMap.Render(_library, geometry, mass.AsSpan(0, n));
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
                double thicknessNm = 2 * particle.RadiusNm;
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
            into.Add(new ParticleTruth(p.XUm, p.YUm, p.RadiusNm, _library.Composition(index).ToArray()));
            found++;
        }
        return found;
    }

    private ParticleGrid.Enumerator QueryProbe(double xUm, double yUm)
    {
        double reachUm = (_library.MaxRadiusNm + ProbeToleranceNm) / 1000;
        return _library.Grid.Query(xUm - reachUm, yUm - reachUm, xUm + reachUm, yUm + reachUm);
    }

    /// <summary>Whether the probe is within radius + tolerance; <paramref name="score"/> = distance / reach (0 = centre).</summary>
    private static bool IsUnderProbe(in Particle p, double xUm, double yUm, out double score)
    {
        double dx = (p.XUm - xUm) * 1000, dy = (p.YUm - yUm) * 1000;
        double reach = p.RadiusNm + ProbeToleranceNm;
        score = Math.Sqrt(dx * dx + dy * dy) / reach;
        return score <= 1;
    }
}
