using System.Globalization;
using System.Text;
using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Onnx;
using EdgeCtl.Inference.Sam;
using EdgeCtl.Tests;
using Xunit;
using Xunit.Abstractions;

namespace EdgeCtl.Inference.Tests;

/// <summary>
/// SAM on the shared real images (Genc et al. 2025). Needs scripts/setup-models.sh; fails with a
/// message saying so when the models are missing. The full-set measurement runs only with
/// EDGECTL_SAM_EVAL=1 (minutes of CPU) and writes its figures to EDGECTL_SAM_EVAL_OUT.
/// </summary>
public sealed class SamEvaluationTests(ITestOutputHelper output)
{
    private static SamModelOptions Models(bool int8 = false)
    {
        try { return SamModelOptions.FromModelsDirectory(int8); }
        catch (FileNotFoundException e) { Assert.Fail("SAM models missing — run scripts/setup-models.sh: " + e.Message); throw; }
    }

    private static string Subset(params string[] names)
    {
        var src = Path.Combine(SharedData.Dir, "haadf-nanoparticles-genc2025");
        var dir = Directory.CreateTempSubdirectory("edgectl-sam-eval-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "images"));
        Directory.CreateDirectory(Path.Combine(dir, "labels_yolo"));
        foreach (var n in names)
        {
            File.Copy(Path.Combine(src, "images", n + ".jpg"), Path.Combine(dir, "images", n + ".jpg"));
            File.Copy(Path.Combine(src, "labels_yolo", n + ".txt"), Path.Combine(dir, "labels_yolo", n + ".txt"));
        }
        return dir;
    }

    /// <summary>
    /// PtCo and Cu4 are the shared images whose particles are resolved in the encoder frame (≥ 40 px).
    /// Measured with the int8 models: auto micro-F1 0.653 (0.610 without the extra prompts),
    /// classical 0.606; ≥ 40 px (encoder frame) recall 0.593 vs 0.512.
    /// </summary>
    [Fact]
    public void Auto_on_two_shared_images_reaches_a_minimum_F1_and_beats_classical()
    {
        var dir = Subset("PtCo", "Cu4");
        try
        {
            using var sam = new SamSegmenter(Models(int8: true));
            using var auto = new SamParticleDetector(sam, SamDetectorMode.Auto);
            var ev = DetectionEvaluator.Evaluate(dir, auto);
            var classical = DetectionEvaluator.Evaluate(dir, new ClassicalParticleDetector());
            output.WriteLine($"auto F1 {ev.Micro.F1:F3} classical F1 {classical.Micro.F1:F3}; decoder runs {auto.Totals.DecoderRuns}");
            Assert.True(auto.Totals.DecoderRuns > 10, "SAM was hardly prompted");
            Assert.True(ev.Timing.Encoder > 0 && ev.Timing.Decoder > 0 && ev.Timing.Classical > 0, "timing split missing a stage");
            Assert.True(ev.Micro.F1 >= 0.63, $"auto micro-F1 {ev.Micro.F1:F3} < 0.63");
            Assert.True(ev.Micro.F1 > classical.Micro.F1, $"auto {ev.Micro.F1:F3} ≤ classical {classical.Micro.F1:F3}");
            Assert.True(ev.BySizeEncoder[3].F1 > classical.BySizeEncoder[3].F1,
                $"≥ 40 px (encoder frame): auto F1 {ev.BySizeEncoder[3].F1:F3} ≤ classical {classical.BySizeEncoder[3].F1:F3}");
        }
        finally { Directory.Delete(dir, true); }
    }

}
