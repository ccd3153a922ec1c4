using EdgeCtl.Hil.Numerics;
using EdgeCtl.Hil.Physics;
using EdgeCtl.Realtime;

namespace EdgeCtl.Hil.Specimens;

/// <summary>
/// What the microscope looks at: the specimen's extent (stage soft limits), its detector signals and
/// its hidden EELS target. Positions are specimen coordinates in µm (docs/rig.md, "Coordinates").
/// Implementations are called under the scan instrument's lock, one call at a time; the random
/// generator passed in is the instrument's noise stream.
/// </summary>
public interface ISpecimen
{
    /// <summary>Name for HelloReply and the READY line, e.g. "synthetic".</summary>
    string Name { get; }

    /// <summary>Element order of compositions (control command ELEMENTS, TARGET).</summary>
    IReadOnlyList<string> Elements { get; }

    /// <summary>Width W of the stage range [0, W], µm.</summary>
    double WidthUm { get; }

    /// <summary>Height H of the stage range [0, H], µm.</summary>
    double HeightUm { get; }

    /// <summary>Full width of the beam-shift range = overview FoV, µm (HelloReply).</summary>
    double BeamShiftRangeUm { get; }

    /// <summary>Native image width, px; 0 = any (HelloReply <c>preferred_image_width</c>).</summary>
    uint PreferredImageWidth { get; }

    /// <summary>Number of particles when known (control command PARTICLES), else null.</summary>
    int? ParticleCount { get; }

    /// <summary>The hidden target y(c) that EELS encodes.</summary>
    HiddenTarget Target { get; }

    /// <summary>
    /// The FoV centre (µm) the optics use when the stage is at (<paramref name="stageXUm"/>,
    /// <paramref name="stageYUm"/>): images are centred on it and probe positions are relative to it.
    /// </summary>
    (double XUm, double YUm) FieldCentre(double stageXUm, double stageYUm);

    /// <summary>Pixel size (nm) of an image of <paramref name="width"/> px over <paramref name="fovUm"/>.</summary>
    double PixelSizeNm(double fovUm, int width);

    /// <summary>Renders an image (length Width × Height, row-major) for a dwell of <paramref name="dwellUs"/> per pixel.</summary>
    void RenderImage(DetectorKind detector, in ImageGeometry geometry, double dwellUs, Span<ushort> pixels, Xoshiro256 rng);

    /// <summary>EDX counts (length <see cref="EdxSpectrumModel.Channels"/>) for a probe at (x, y) µm held <paramref name="seconds"/>.</summary>
    void AcquireEdx(double probeXUm, double probeYUm, double seconds, Span<uint> counts, Xoshiro256 rng);

    /// <summary>The target value y encoded by EELS at the probe: y(c) of the particle under it, 0 off particles.</summary>
    double EelsTargetAt(double probeXUm, double probeYUm);
}
