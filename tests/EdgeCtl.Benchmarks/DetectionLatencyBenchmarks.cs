using BenchmarkDotNet.Attributes;
using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Imaging;
using EdgeCtl.Inference.Sam;

namespace EdgeCtl.Benchmarks;

/// <summary>Few frames, one detection each: a frame takes seconds, and the percentiles need no long tail.</summary>
internal sealed class FrameLatencyConfig() : OneOperationPerIterationConfig("FrameLatency", warmups: 1, iterations: 8, 50, 95);

/// <summary>
/// Issue 3's latency target, pixels to particle list: the combined detector (<c>auto</c>, int8 SAM) on a
/// 1024 × 1024 HAADF overview with about 100 particles (target ≤ 3 s on 2 cores) and about 300 (≤ 8 s). The
/// frames are the rig's high-magnification frames (<see cref="RigFrames"/>): "100" is the FoV the campaign zooms
/// to for an expected diameter of 4 nm (64 nm), ~100 particles; "300" the largest FoV of the specimen's beam-shift
/// range, 100 nm, 235 particles — as close to 300 as the specimen comes (raising the density at 64 nm instead
/// saturates the film at ~150) —, still ≥ 40 px across in the encoder frame.
/// Particles are resolved at the encoder scale, so SAM segments every frame. Each iteration
/// detects one frame; P50/P95 are per frame. Needs the SAM models (<c>scripts/setup-models.sh</c>) and
/// <c>../shared/data</c> (the X-ray line table the specimen is built with).
/// </summary>
[Config(typeof(FrameLatencyConfig))]
public class DetectionLatencyBenchmarks
{
    private IParticleDetector _detector = null!;
    private GrayImage _image = null!;
    private readonly DetectionOptions _options = new();

    /// <summary>About how many particles the frame holds: "100" (64-nm FoV) or "300" (100-nm FoV).</summary>
    [Params("100", "300")]
    public string Frame { get; set; } = "100";

    /// <summary>Particles whose centre lies in the benchmark's FoV (printed at setup).</summary>
    public int ParticlesInFrame { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _image = RigFrames.Render(Frame, out int inFrame, out double fovUm);
        ParticlesInFrame = inFrame;
        _detector = SamDetectors.Create("auto", null, out string? fallbackReason);
        if (fallbackReason is not null)
            throw new InvalidOperationException($"SAM models are missing ({fallbackReason}); run scripts/setup-models.sh.");
        var t = new DetectionTimings();
        int found = ((ITimedParticleDetector)_detector).Detect(_image, _options, t).Count;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        int classical = new ClassicalParticleDetector().Detect(_image, _options).Count;
        Console.WriteLine(string.Create(inv, $"// DetectionLatency: frame \"{Frame}\", {fovUm * 1000:F0} nm FoV: {ParticlesInFrame} particles in the FoV, auto finds {found} (classical alone {classical})"));
        Console.WriteLine(string.Create(inv, $"// first frame {t.Total:F2} s = classical {t.Classical:F2} + preprocess {t.Preprocess:F2} + encoder {t.Encoder:F2} ({t.EncoderRuns} runs) + decoder {t.Decoder:F2} ({t.DecoderRuns} prompts) + post {t.Postprocess:F2}"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        (_detector as IDisposable)?.Dispose();
        _image.Dispose();
    }

    /// <summary>One frame, pixels to particle list, with the combined detector.</summary>
    [Benchmark]
    public int DetectAuto() => _detector.Detect(_image, _options).Count;
}
