using BenchmarkDotNet.Attributes;
using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Benchmarks;

/// <summary>
/// <see cref="ClassicalParticleDetector.Detect(EdgeCtl.Inference.Imaging.GrayImage, DetectionOptions)"/> on a 1024 × 1024 synthetic HAADF overview: 12 × 12 particles of
/// radius 12 px on a jittered 80 px grid, contrast 0.5 on a background of 0.2, Gaussian noise σ = 0.05 (seeded).
/// Time is the figure of merit; the result list and per-particle records allocate by design.
/// </summary>
[MemoryDiagnoser]
public class DetectorBenchmarks
{
    private const int Side = 1024;
    private GrayImage _image = null!;
    private readonly ClassicalParticleDetector _detector = new();
    private readonly DetectionOptions _options = new();

    [GlobalSetup]
    public void Setup()
    {
        _image = new GrayImage(Side, Side);
        var rng = new Random(11);
        var particles = new List<(double X, double Y, double R)>();
        for (double y = 80; y < Side - 40; y += 80)
            for (double x = 80; x < Side - 40; x += 80)
                particles.Add((x + (rng.NextDouble() - 0.5) * 24, y + (rng.NextDouble() - 0.5) * 24, 12));
        var px = _image.Pixels;
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                double v = 0.2;
                foreach (var (cx, cy, r) in particles)
                {
                    double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                    if (Math.Abs(dx) > r + 1 || Math.Abs(dy) > r + 1) continue;
                    // anti-aliased disc edge over one pixel
                    v += 0.5 * Math.Clamp(r + 0.5 - Math.Sqrt(dx * dx + dy * dy), 0, 1);
                }
                double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
                px[y * Side + x] = (float)(v + 0.05 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        if (_detector.Detect(_image, _options).Count == 0)
            throw new InvalidOperationException("The synthetic overview should contain detectable particles.");
    }

    [GlobalCleanup]
    public void Cleanup() => _image.Dispose();

    [Benchmark]
    public int Detect() => _detector.Detect(_image, _options).Count;
}
