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
}
