using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Service.Cli;

/// <summary>
/// <c>edgectl detect IMAGE</c> finds particles in one image (JPEG, PNG, TIFF, NPY) and writes
/// <c>IMAGE.particles.json</c> and an overlay PNG; <c>edgectl detect --eval DIR</c> scores the detector
/// on <c>DIR/images</c> against the YOLO boxes in <c>DIR/labels_yolo</c> (IoU ≥ 0.5, greedy one-to-one).
/// </summary>
public static class DetectVerb
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var image = new Argument<FileInfo?>("IMAGE") { Description = "Image file: JPEG, PNG, TIFF or NPY.", Arity = ArgumentArity.ZeroOrOne };
        var eval = new Option<DirectoryInfo?>("--eval") { Description = "Evaluate on DIR/images with DIR/labels_yolo." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var overlay = new Option<FileInfo?>("--overlay") { Description = "Overlay PNG path (default IMAGE.overlay.png)." };
        var brightField = new Option<bool>("--bright-field") { Description = "Dark particles on a bright background (default: decided from the image)." };
        var darkField = new Option<bool>("--dark-field") { Description = "Bright particles on a dark background (HAADF)." };
        var detector = new Option<string>("--detector")
        {
            Description = "Particle detector (default auto: SAM where particles are resolved, classical elsewhere; classical alone when the SAM models are missing).",
            DefaultValueFactory = _ => ParticleDetectors.Default,
        };
        detector.AcceptOnlyFromAmong(ParticleDetectors.Names);
        var cmd = new Command("detect", "Find particles in an image, or evaluate the detector on a labelled folder.")
        {
            image, eval, json, overlay, brightField, darkField, detector,
        };
        cmd.SetAction(parse =>
        {
            var options = new DetectionOptions
            {
                Contrast = parse.GetValue(brightField) ? ContrastMode.BrightField : parse.GetValue(darkField) ? ContrastMode.DarkField : ContrastMode.Auto,
            };
            try
            {
                // Inside the try: a missing, corrupt or tampered model for "sam"/"sam-fp32" is a bad-input error too.
                var resolved = ParticleDetectors.Resolve(parse.GetValue(detector)!);
                if (resolved.FallbackReason is { } why) Console.Error.WriteLine($"edgectl detect: {why}");
                var det = resolved.Detector;
                if (parse.GetValue(eval) is { } dir) return Evaluate(dir, det, options, parse.GetValue(json));
                if (parse.GetValue(image) is { } file) return DetectOne(file, det, options, parse.GetValue(json), parse.GetValue(overlay));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or FormatException or UnauthorizedAccessException
                                           or ArgumentException or DllNotFoundException or EdgeCtl.Inference.Onnx.OnnxRuntimeException)
            {
                Console.Error.WriteLine($"edgectl detect: {e.Message}");
                return 2;
            }
            Console.Error.WriteLine("edgectl detect: give an IMAGE or --eval DIR.");
            return 2;
        });
        return cmd;
    }

    private static int DetectOne(FileInfo file, IParticleDetector detector, DetectionOptions options, bool json, FileInfo? overlay)
    {
        using var img = ImageReader.Read(file.FullName);
        var particles = detector.Detect(img, options);
        var list = particles as List<DetectedParticle> ?? [.. particles];
        var jsonPath = file.FullName + ".particles.json";
        var overlayPath = overlay?.FullName ?? Path.ChangeExtension(file.FullName, null) + ".overlay.png";
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(list, DetectionJsonContext.Default.ListDetectedParticle));
        OverlayRenderer.Write(overlayPath, img, list);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(list, DetectionJsonContext.Default.ListDetectedParticle));
            return 0;
        }
        var inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine($"{file.Name}: {img.Width}×{img.Height} px, {list.Count} particles ({detector.Name})");
        foreach (var p in list.Take(20))
            Console.Out.WriteLine(string.Create(inv, $"  ({p.CentroidXPx,7:F1}, {p.CentroidYPx,7:F1}) px  r {p.EquivalentRadiusPx,5:F1} px  area {p.AreaPx,6:F0} px  score {p.Score:F2}"));
        if (list.Count > 20) Console.Out.WriteLine($"  … {list.Count - 20} more in {jsonPath}");
        Console.Out.WriteLine($"particles: {jsonPath}\noverlay: {overlayPath}");
        return 0;
    }

    private static int Evaluate(DirectoryInfo dir, IParticleDetector detector, DetectionOptions options, bool json)
    {
        var result = DetectionEvaluator.Evaluate(dir.FullName, detector, options);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(result, DetectionJsonContext.Default.DetectionEvaluation));
            return 0;
        }
        var inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine($"{"image",-28} {"size",9} {"GT",5} {"pred",5} {"P",6} {"R",6} {"F1",6} {"s",6}");
        foreach (var i in result.PerImage)
            Console.Out.WriteLine(string.Create(inv, $"{i.Image,-28} {i.Width + "×" + i.Height,9} {i.GroundTruth,5} {i.Predicted,5} {i.Scores.Precision,6:F3} {i.Scores.Recall,6:F3} {i.Scores.F1,6:F3} {i.Seconds,6:F2}"));
        var m = result.Micro;
        Console.Out.WriteLine(string.Create(inv, $"micro ({detector.Name}, IoU ≥ {result.IoUThreshold}): precision {m.Precision:F3}  recall {m.Recall:F3}  F1 {m.F1:F3}  ({m.TruePositives} TP, {m.FalsePositives} FP, {m.FalseNegatives} FN)"));
        WriteBins("by box size, image px", result.BySize);
        WriteBins("by box size, encoder-frame px (× 1024 / long side)", result.BySizeEncoder);
        var t = result.Timing;
        Console.Out.WriteLine(string.Create(inv, $"seconds per image: {result.SecondsPerImage:F3} = classical {t.Classical:F3} + preprocess {t.Preprocess:F3} + encoder {t.Encoder:F3} ({t.EncoderRuns:F1} runs) + decoder {t.Decoder:F3} ({t.DecoderRuns:F1} prompts) + postprocess {t.Postprocess:F3} + other {t.Other:F3}"));
        return 0;

        void WriteBins(string title, IReadOnlyList<SizeBinEvaluation> bins)
        {
            Console.Out.WriteLine(title + ":");
            foreach (var b in bins)
                Console.Out.WriteLine(string.Create(inv, $"  {b.Bin,-6} GT {b.GroundTruth,5} (found {b.GroundTruthMatched,5})  recall {b.Recall:F3}  pred {b.Predicted,5}  precision {b.Precision:F3}  F1 {b.F1:F3}"));
        }
    }
}
