using BenchmarkDotNet.Attributes;
using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Benchmarks;

/// <summary>Classical stage latency: a few warm frames, one detection each.</summary>
internal sealed class ClassicalFrameConfig() : OneOperationPerIterationConfig("ClassicalFrame", warmups: 2, iterations: 15, 50, 95);

/// <summary>
/// The classical stage of issue 3's latency budget on its own: <see cref="ClassicalParticleDetector"/> on the
/// rig's 1024 × 1024 high-magnification HAADF frames (<see cref="RigFrames"/>; counting images at 1 µs dwell, so
/// the Anscombe path runs), default options — the candidates the combined detector (<c>auto</c>) starts from. Allocated bytes
/// are the result list and the fork–join of the filters split over the cores (<see cref="DetectorBenchmarks"/>
/// covers a synthetic Gaussian-noise frame). Needs <c>../shared/data</c>.
/// </summary>
[Config(typeof(ClassicalFrameConfig))]
public class ClassicalRigFrameBenchmarks
{
    private readonly ClassicalParticleDetector _detector = new();
    private readonly DetectionOptions _options = new();
    private GrayImage _image = null!;

    /// <summary>About how many particles the frame holds: "100" (64-nm FoV) or "300" (100-nm FoV).</summary>
    [Params("100", "300")]
    public string Frame { get; set; } = "100";

    [GlobalSetup]
    public void Setup()
    {
        _image = RigFrames.Render(Frame, out int inFrame, out _);
        int found = _detector.Detect(_image, _options).Count;
        if (found == 0) throw new InvalidOperationException($"The rig frame \"{Frame}\" should contain detectable particles.");
        Console.WriteLine($"// ClassicalRigFrame: frame \"{Frame}\": {inFrame} particles in the FoV, classical finds {found}");
    }

    [GlobalCleanup]
    public void Cleanup() => _image.Dispose();

    /// <summary>One frame, pixels to classical particle list.</summary>
    [Benchmark]
    public int DetectClassical() => _detector.Detect(_image, _options).Count;
}
