using System.Text.Json;
using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Imaging;
using Xunit;
using static EdgeCtl.Inference.Tests.DetectionSynthetic;

namespace EdgeCtl.Inference.Tests;

public sealed class DetectionEvaluationTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("edgectl-eval-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    [Fact]
    public void IoUOfHandComputedBoxes()
    {
        var a = new BoundingBox(0, 0, 10, 10);
        Assert.Equal(1.0, a.IoU(a));
        Assert.Equal(50.0 / 150.0, a.IoU(new BoundingBox(5, 0, 10, 10)), 12);   // half overlap
        Assert.Equal(25.0 / 175.0, a.IoU(new BoundingBox(5, 5, 10, 10)), 12);   // quarter overlap
        Assert.Equal(0.25, a.IoU(new BoundingBox(0, 0, 5, 5)), 12);             // nested
        Assert.Equal(0.0, a.IoU(new BoundingBox(10, 0, 10, 10)));               // edge contact
        Assert.Equal(0.0, a.IoU(new BoundingBox(0, 0, 0, 10)));                 // empty
        Assert.Equal(new BoundingBox(3, 4, 6, 8), BoundingBox.FromCenter(6, 8, 6, 8));
        Assert.Equal(Math.Sqrt(48), new BoundingBox(3, 4, 6, 8).Size, 12);
    }

    [Fact]
    public void GreedyMatchingTakesTheHighestIoUPairFirstAndIsOneToOne()
    {
        BoundingBox[] truth = [new(0, 0, 10, 10), new(4, 0, 10, 10)];
        // p0: IoU 95/105 = 0.905 with t0, 65/135 = 0.48 with t1; p1: 90/110 = 0.82 with t1,
        // 70/130 = 0.54 with t0; p2: far away. Pairs by IoU: p0–t0, p1–t1 (p1–t0 comes too late).
        BoundingBox[] pred = [new(0.5, 0, 10, 10), new(3, 0, 10, 10), new(50, 50, 10, 10)];
        var pm = new int[3];
        var tm = new int[2];
        int n = BoxMatching.Match(pred, truth, pm, tm);
        Assert.Equal(2, n);
        Assert.Equal([0, 1, -1], pm);
        Assert.Equal([0, 1], tm);

        // One-to-one: p0–t0 (97.5/102.5) is taken first; p1's only pair ≥ 0.5 is t0 (75/125), already matched.
        BoundingBox[] truth2 = [new(0, 0, 10, 10), new(8, 0, 10, 10)];
        BoundingBox[] pred2 = [new(0.25, 0, 10, 10), new(2.5, 0, 10, 10)];
        var pm2 = new int[2];
        var tm2 = new int[2];
        Assert.Equal(1, BoxMatching.Match(pred2, truth2, pm2, tm2));
        Assert.Equal([0, -1], pm2);

        // Exactly at the threshold counts; just below does not.
        BoundingBox[] t3 = [new(0, 0, 10, 10)];
        Assert.Equal(1, BoxMatching.Match([new BoundingBox(0, 0, 5, 10)], t3, new int[1], new int[1]));      // IoU 0.5
        Assert.Equal(0, BoxMatching.Match([new BoundingBox(0, 0, 4.9, 10)], t3, new int[1], new int[1]));    // IoU 0.49
        Assert.Equal(0, BoxMatching.Match([], t3, new int[1], new int[1]));
        Assert.Throws<ArgumentException>(() => BoxMatching.Match(t3, t3, new int[0], new int[1]));
    }

    [Fact]
    public void ScoresFromCounts()
    {
        var s = DetectionScores.FromCounts(6, 2, 4);
        Assert.Equal(0.75, s.Precision, 12);
        Assert.Equal(0.6, s.Recall, 12);
        Assert.Equal(2 * 0.75 * 0.6 / 1.35, s.F1, 12);
        var none = DetectionScores.FromCounts(0, 0, 0);
        Assert.Equal((1.0, 1.0, 1.0), (none.Precision, none.Recall, none.F1));
        var missed = DetectionScores.FromCounts(0, 0, 3);
        Assert.Equal((1.0, 0.0, 0.0), (missed.Precision, missed.Recall, missed.F1));
    }

    [Fact]
    public void YoloLabelsConvertToPixelBoxesAndRejectMalformedLines()
    {
        var path = Path.Combine(_tmp, "a.txt");
        File.WriteAllText(path, "0 0.5 0.25 0.1 0.2\n\n0 0.1 0.1 0.05 0.05\n");
        var boxes = YoloLabels.Read(path, 200, 100);
        Assert.Equal(2, boxes.Count);
        Assert.Equal(new BoundingBox(90, 15, 20, 20), boxes[0]);

        File.WriteAllText(path, "0 0.5 0.25 0.1\n");
        Assert.Contains(":1:", Assert.Throws<InvalidDataException>(() => YoloLabels.Read(path, 10, 10)).Message);
        File.WriteAllText(path, "0 0.5 abc 0.1 0.1\n");
        Assert.Contains("abc", Assert.Throws<InvalidDataException>(() => YoloLabels.Read(path, 10, 10)).Message);
    }

    [Fact]
    public void EvaluatesAFolderAndSerialisesSnakeCaseJson()
    {
        // One synthetic image (PNG) with 12 particles of radius 8, labelled with the boxes the
        // detector draws (side 2 · 1.35 · r) — plus one label where there is no particle (a miss).
        Directory.CreateDirectory(Path.Combine(_tmp, "images"));
        Directory.CreateDirectory(Path.Combine(_tmp, "labels_yolo"));
        var truth = Grid(256, 200, 60, 8, seed: 11);
        using (var img = Render(256, 200, truth, background: 40, contrast: 150, noise: 4, seed: 12))
        {
            var bytes = new byte[img.Width * img.Height];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)Math.Clamp(MathF.Round(img.Pixels[i]), 0, 255);
            PngWriter.WriteGray(Path.Combine(_tmp, "images", "synthetic.png"), img.Width, img.Height, bytes);
        }
        var lines = truth.Select(p => FormattableString.Invariant($"0 {p.X / 256} {p.Y / 200} {2 * 1.35 * p.Radius / 256} {2 * 1.35 * p.Radius / 200}")).ToList();
        lines.Add(FormattableString.Invariant($"0 {250.0 / 256} {5.0 / 200} {4.0 / 256} {4.0 / 200}")); // < 10 px, nothing there
        File.WriteAllLines(Path.Combine(_tmp, "labels_yolo", "synthetic.txt"), lines);

        // What `edgectl detect IMAGE` leaves beside an image is not scored.
        File.WriteAllText(Path.Combine(_tmp, "images", "synthetic.png.particles.json"), "[]");
        File.Copy(Path.Combine(_tmp, "images", "synthetic.png"), Path.Combine(_tmp, "images", "synthetic.overlay.png"));
        var overlays = new List<string>();
        var result = DetectionEvaluator.Evaluate(_tmp, new ClassicalParticleDetector(), onImage: (image, found, gt, r) =>
        {
            var path = Path.Combine(_tmp, r.Image + ".overlay.png");
            OverlayRenderer.Write(path, image, found, gt);
            overlays.Add(path);
        });

        Assert.Equal("classical", result.Detector);
        var one = Assert.Single(result.PerImage);
        Assert.Equal(("synthetic.png", 256, 200, truth.Count + 1), (one.Image, one.Width, one.Height, one.GroundTruth));
        Assert.Equal(truth.Count, one.Scores.TruePositives);
        Assert.Equal(1, one.Scores.FalseNegatives);
        Assert.Equal(0, one.Scores.FalsePositives);
        Assert.Equal(one.Scores, result.Micro);
        Assert.Equal(one.Seconds, result.SecondsPerImage);
        Assert.Equal(4, result.BySize.Count);
        Assert.Equal((1, 0, 0.0), (result.BySize[0].GroundTruth, result.BySize[0].GroundTruthMatched, result.BySize[0].Recall));
        Assert.Equal((truth.Count, truth.Count, 1.0), (result.BySize[2].GroundTruth, result.BySize[2].GroundTruthMatched, result.BySize[2].Recall)); // 21.6 px
        Assert.Equal(1.0, result.BySize[2].Precision);
        Assert.Equal(1.0, result.BySize[2].F1);
        Assert.Equal(0.0, result.BySize[0].F1); // recall 0 → F1 0
        // Encoder frame: × 1024 / 256 = 4, so the 21.6-px boxes are 86 px (≥ 40) and the 4-px box 16 px (10–20).
        Assert.Equal(4.0, DetectionEvaluator.EncoderScale(256, 200));
        Assert.Equal((truth.Count, truth.Count), (result.BySizeEncoder[3].GroundTruth, result.BySizeEncoder[3].GroundTruthMatched));
        Assert.Equal((1, 0), (result.BySizeEncoder[1].GroundTruth, result.BySizeEncoder[1].GroundTruthMatched));
        Assert.Equal(0, result.BySizeEncoder[0].GroundTruth + result.BySizeEncoder[2].GroundTruth);
        // The classical detector attributes its whole time to its own stage.
        Assert.True(one.Timing.Classical > 0 && one.Timing.Classical <= one.Seconds);
        Assert.Equal(0.0, one.Timing.Encoder + one.Timing.Decoder + one.Timing.Preprocess + one.Timing.Postprocess);
        Assert.Equal(one.Timing, result.Timing);

        using (var overlay = ImageReader.Read(Assert.Single(overlays)))
            Assert.Equal((256, 200), (overlay.Width, overlay.Height));

        var json = JsonSerializer.Serialize(result, DetectionJsonContext.Default.DetectionEvaluation);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(result.Micro.F1, root.GetProperty("micro").GetProperty("f1").GetDouble());
        Assert.True(root.GetProperty("micro").TryGetProperty("precision", out _));
        Assert.True(root.GetProperty("micro").TryGetProperty("recall", out _));
        Assert.Equal(1, root.GetProperty("per_image").GetArrayLength());
        Assert.True(root.TryGetProperty("seconds_per_image", out _));
        Assert.Equal(4, root.GetProperty("by_size").GetArrayLength());
        Assert.Equal("<10", root.GetProperty("by_size")[0].GetProperty("bin").GetString());
        Assert.Equal(4, root.GetProperty("by_size_encoder").GetArrayLength());
        Assert.True(root.GetProperty("by_size")[2].TryGetProperty("f1", out _));
        foreach (var stage in new[] { "total", "classical", "preprocess", "encoder", "decoder", "postprocess", "other" })
        {
            Assert.True(root.GetProperty("timing").TryGetProperty(stage, out _), stage);
            Assert.True(root.GetProperty("per_image")[0].GetProperty("timing").TryGetProperty(stage, out _), stage);
        }
    }

    [Fact]
    public void MissingFoldersAndLabelsAreReported()
    {
        Assert.Throws<DirectoryNotFoundException>(() => DetectionEvaluator.Evaluate(_tmp, new ClassicalParticleDetector()));
        Directory.CreateDirectory(Path.Combine(_tmp, "images"));
        Directory.CreateDirectory(Path.Combine(_tmp, "labels_yolo"));
        PngWriter.WriteGray(Path.Combine(_tmp, "images", "x.png"), 2, 2, [1, 2, 3, 4]);
        var e = Assert.Throws<FileNotFoundException>(() => DetectionEvaluator.Evaluate(_tmp, new ClassicalParticleDetector()));
        Assert.Contains("x.txt", e.Message);
    }

    [Fact]
    public void OverlayDrawsDetectionsGreenAndTruthRed()
    {
        using var img = new GrayImage(20, 20);
        var det = new DetectedParticle(5, 5, double.NaN, double.NaN, 2, double.NaN, 12, new BoundingBox(2, 2, 6, 6), 0.9, 1, "test");
        var rgb = OverlayRenderer.Render(img, [det], [new BoundingBox(10, 10, 5, 5)]);
        Assert.Equal(20 * 20 * 3, rgb.Length);
        Assert.Equal(new byte[] { 40, 255, 40 }, rgb.AsSpan(3 * (2 * 20 + 2), 3).ToArray());   // detection corner (2, 2)
        Assert.Equal(new byte[] { 40, 255, 40 }, rgb.AsSpan(3 * (7 * 20 + 7), 3).ToArray());   // far corner (7, 7)
        Assert.Equal(new byte[] { 255, 40, 40 }, rgb.AsSpan(3 * (14 * 20 + 10), 3).ToArray()); // truth corner (10, 14)
        Assert.Equal(new byte[] { 0, 0, 0 }, rgb.AsSpan(3 * (5 * 20 + 5), 3).ToArray());       // inside: image
    }

    [Fact]
    public void Timing_split_attributes_the_rest_to_other_and_averages_per_image()
    {
        var stages = new DetectionTimings { Classical = 0.5, Preprocess = 0.1, Encoder = 1.0, Decoder = 0.3, Postprocess = 0.05, EncoderRuns = 1, DecoderRuns = 8 };
        var a = TimingSplit.From(2.0, stages);
        Assert.Equal(1.95, stages.Total, 12);
        Assert.Equal(0.05, a.Other, 12);
        Assert.Equal((1.0, 8.0), (a.EncoderRuns, a.DecoderRuns));
        var b = TimingSplit.From(1.0, null);
        Assert.Equal((1.0, 1.0, 0.0), (b.Total, b.Other, b.Classical));
        var m = TimingSplit.Mean([a, b]);
        Assert.Equal((1.5, 0.25, 0.5, 4.0), (m.Total, m.Classical, m.Encoder, m.DecoderRuns));
        Assert.Equal(0.525, m.Other, 12);
        Assert.Equal(0.0, TimingSplit.Mean([]).Total);
        var sum = new DetectionTimings();
        sum.Add(stages); sum.Add(stages);
        Assert.Equal(3.9, sum.Total, 12);
        Assert.Equal(16, sum.DecoderRuns);
        Assert.Equal(0.0, TimingSplit.From(1.0, stages).Other); // never negative
    }

    [Fact]
    public void Size_bins_count_boxes_at_the_given_scale_and_reject_empty_frames()
    {
        var counts = new DetectionEvaluator.SizeBinCounts(4);
        BoundingBox[] truth = [new(0, 0, 8, 8), new(20, 0, 25, 25), new(60, 0, 50, 50)];
        BoundingBox[] pred = [new(20, 0, 25, 25), new(100, 100, 12, 12)];
        counts.Add(truth, [-1, 0, -1], pred, [1, -1], 1);
        counts.Add(truth, [-1, 0, -1], pred, [1, -1], 0.5); // 4, 12.5, 25 px; predictions 12.5, 6 px
        var r = counts.Results();
        Assert.Equal(["<10", "10-20", "20-40", ">=40"], r.Select(b => b.Bin));
        Assert.Equal((2, 0), (r[0].GroundTruth, r[0].GroundTruthMatched));        // 8 px and 4 px
        Assert.Equal((1, 1, 1.0), (r[1].GroundTruth, r[1].GroundTruthMatched, r[1].Recall)); // 12.5
        Assert.Equal((2, 1, 0.5), (r[2].GroundTruth, r[2].GroundTruthMatched, r[2].Recall)); // 25 (matched) and 25 (scaled 50)
        Assert.Equal((1, 0), (r[3].GroundTruth, r[3].GroundTruthMatched));
        Assert.Equal((2, 1, 0.5), (r[1].Predicted, r[1].PredictedMatched, r[1].Precision)); // 12 and 12.5
        Assert.Equal(2.0 / 3.0, r[1].F1, 12);
        Assert.Equal(1.0, r[3].Precision); // nothing predicted there
        Assert.Throws<ArgumentOutOfRangeException>(() => DetectionEvaluator.EncoderScale(0, 10));
        Assert.Equal(0.5, DetectionEvaluator.EncoderScale(1000, 2048));
    }
}
