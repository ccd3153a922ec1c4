using BenchmarkDotNet.Attributes;
using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Imaging;
using EdgeCtl.Inference.Sam;

namespace EdgeCtl.Benchmarks;

/// <summary>
/// Steady-state SAM inference (int8 models from <c>scripts/setup-models.sh</c>) with the
/// pre-allocated, reused tensors of <see cref="SamSegmenter"/>: one encoder call (preprocessing a
/// 1024 × 1024 frame into the input tensor + <c>OrtApi::Run</c>) and one decoder call (one point
/// prompt, four low-resolution mask tokens, on each decoder window size), and, for comparison, the classical detector on the
/// same frame, whose per-frame candidate lists are now reused. The figure of merit is the
/// Allocated column: 0 B for the two inference calls after warm-up.
/// </summary>
[MemoryDiagnoser]
public class SamBenchmarks
{
    private const int Side = 1024;
    private SamSegmenter _sam = null!;
    private GrayImage _image = null!;
    private readonly SamTimings _timings = new();
    private readonly ClassicalParticleDetector _classical = new();
    private readonly DetectionOptions _options = new();
    private SamContrast _contrast;

    [GlobalSetup]
    public void Setup()
    {
        _sam = new SamSegmenter(SamModelOptions.FromModelsDirectory(int8: true));
        _image = new GrayImage(Side, Side);
        // Bright discs (r = 12 px) on a 64-px grid over a dim, textured background.
        var px = _image.Pixels;
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                double dx = (x % 64) - 32 + 0.5, dy = (y % 64) - 32 + 0.5;
                px[y * Side + x] = (float)(20 + 10 * ((x * 7 + y * 13) % 5) + (dx * dx + dy * dy <= 144 ? 150 : 0));
            }
        _contrast = SamPreprocessor.EstimateContrast(_image, _options);
        _sam.Encode(_image, 0, 0, Side, Side, 1.0, _contrast, _timings);
        foreach (int tokens in SamSegmenter.WindowTokens) _sam.Decode(32, 32, tokens, _timings);
        if (_classical.Detect(_image, _options).Count == 0)
            throw new InvalidOperationException("The synthetic frame should contain detectable particles.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sam.Dispose();
        _image.Dispose();
    }

    /// <summary>Preprocessing into the bound input tensor + encoder run.</summary>
    [Benchmark]
    public int SamEncode()
    {
        _sam.Encode(_image, 0, 0, Side, Side, 1.0, _contrast, _timings);
        return _sam.Content.Width;
    }

    /// <summary>Decoder window side in embedding tokens (<see cref="SamSegmenter.WindowTokens"/>; 64 = the whole grid).</summary>
    [Params(16, 32, 64)]
    public int WindowTokens { get; set; }

    /// <summary>One point prompt through the decoder, on a window of <see cref="WindowTokens"/>, into the bound output tensors.</summary>
    [Benchmark]
    public float SamDecode()
    {
        _sam.Decode(544, 544, WindowTokens, _timings);
        return _sam.PredictedIoU(1);
    }

    /// <summary>The classical detector on the same frame (its result list and records are the only per-frame allocations left).</summary>
    [Benchmark]
    public int SamClassicalCandidates() => _classical.Detect(_image, _options).Count;
}
