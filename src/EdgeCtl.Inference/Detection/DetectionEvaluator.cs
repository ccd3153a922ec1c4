using System.Diagnostics;
using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Evaluates an <see cref="IParticleDetector"/> on a labelled folder: <c>images/</c> (any format
/// <see cref="ImageReader"/> reads) and <c>labels_yolo/</c> with one YOLO text file per image
/// (same base name, <c>.txt</c>). Predicted boxes are matched one-to-one to ground-truth boxes at
/// IoU ≥ 0.5 (<see cref="BoxMatching"/>); scores per image, micro-averaged over the folder, and per
/// box-size bin.
/// </summary>
public static class DetectionEvaluator
{
    /// <summary>Lower edges of the size bins, px (sqrt(w · h) of the box); the last bin is open.</summary>
    public static readonly double[] SizeBinEdgesPx = [0, 10, 20, 40];

    private static readonly string[] SizeBinNames = ["<10", "10-20", "20-40", ">=40"];

    /// <summary>Runs <paramref name="detector"/> on every image of <paramref name="folder"/>.</summary>
    /// <param name="folder">Folder with <c>images/</c> and <c>labels_yolo/</c>.</param>
    /// <param name="detector">Detector to evaluate.</param>
    /// <param name="options">Detection options for every image; null = defaults.</param>
    /// <param name="minIoU">Match threshold (default 0.5).</param>
    /// <param name="onImage">Optional callback per image (e.g. to write overlays) with the image, its predictions, ground truth and result.</param>
    /// <exception cref="DirectoryNotFoundException">A sub-folder is missing.</exception>
    /// <exception cref="FileNotFoundException">An image has no label file.</exception>
    /// <exception cref="InvalidDataException">An image or label file is unreadable (message names it).</exception>
    public static DetectionEvaluation Evaluate(string folder, IParticleDetector detector, DetectionOptions? options = null, double minIoU = BoxMatching.DefaultIoU,
        Action<GrayImage, IReadOnlyList<DetectedParticle>, IReadOnlyList<BoundingBox>, ImageEvaluation>? onImage = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        options ??= new DetectionOptions();
        string imagesDir = Path.Combine(folder, "images"), labelsDir = Path.Combine(folder, "labels_yolo");
        if (!Directory.Exists(imagesDir)) throw new DirectoryNotFoundException($"Evaluation folder '{folder}' has no images/ sub-folder.");
        if (!Directory.Exists(labelsDir)) throw new DirectoryNotFoundException($"Evaluation folder '{folder}' has no labels_yolo/ sub-folder.");
        var files = Directory.GetFiles(imagesDir);
        Array.Sort(files, StringComparer.Ordinal);

        var perImage = new List<ImageEvaluation>(files.Length);
        int bins = SizeBinEdgesPx.Length;
        var gtIn = new int[bins]; var gtHit = new int[bins]; var prIn = new int[bins]; var prHit = new int[bins];
        int tp = 0, fp = 0, fn = 0;
        double seconds = 0;
        foreach (var file in files)
        {
            string labelPath = Path.Combine(labelsDir, Path.GetFileNameWithoutExtension(file) + ".txt");
            if (!File.Exists(labelPath)) throw new FileNotFoundException($"No YOLO label file '{labelPath}' for image '{file}'.", labelPath);
            using var image = ImageReader.Read(file);
            var truth = YoloLabels.Read(labelPath, image.Width, image.Height);

            var sw = Stopwatch.StartNew();
            var particles = detector.Detect(image, options);
            sw.Stop();

            var predicted = new BoundingBox[particles.Count];
            for (int i = 0; i < predicted.Length; i++) predicted[i] = particles[i].Box;
            var truthArr = new BoundingBox[truth.Count];
            for (int i = 0; i < truthArr.Length; i++) truthArr[i] = truth[i];
            var pm = new int[predicted.Length];
            var tm = new int[truthArr.Length];
            int matched = BoxMatching.Match(predicted, truthArr, pm, tm, minIoU);

            for (int i = 0; i < truthArr.Length; i++)
            {
                int b = Bin(truthArr[i].Size);
                gtIn[b]++;
                if (tm[i] >= 0) gtHit[b]++;
            }
            for (int i = 0; i < predicted.Length; i++)
            {
                int b = Bin(predicted[i].Size);
                prIn[b]++;
                if (pm[i] >= 0) prHit[b]++;
            }

            var scores = DetectionScores.FromCounts(matched, predicted.Length - matched, truthArr.Length - matched);
            var result = new ImageEvaluation(Path.GetFileName(file), image.Width, image.Height, truthArr.Length, predicted.Length, scores, sw.Elapsed.TotalSeconds);
            perImage.Add(result);
            tp += scores.TruePositives; fp += scores.FalsePositives; fn += scores.FalseNegatives;
            seconds += result.Seconds;
            onImage?.Invoke(image, particles, truth, result);
        }

        var bySize = new List<SizeBinEvaluation>(bins);
        for (int b = 0; b < bins; b++)
        {
            double hi = b + 1 < bins ? SizeBinEdgesPx[b + 1] : double.PositiveInfinity;
            bySize.Add(new SizeBinEvaluation(SizeBinNames[b], SizeBinEdgesPx[b], hi,
                gtIn[b], gtHit[b], gtIn[b] == 0 ? 1 : (double)gtHit[b] / gtIn[b],
                prIn[b], prHit[b], prIn[b] == 0 ? 1 : (double)prHit[b] / prIn[b]));
        }
        return new DetectionEvaluation(detector.Name, minIoU, DetectionScores.FromCounts(tp, fp, fn), perImage,
            files.Length == 0 ? 0 : seconds / files.Length, bySize);
    }

    /// <summary>Index of the size bin holding a box of size <paramref name="sizePx"/> (sqrt(w · h), px).</summary>
    public static int Bin(double sizePx)
    {
        int b = 0;
        while (b + 1 < SizeBinEdgesPx.Length && sizePx >= SizeBinEdgesPx[b + 1]) b++;
        return b;
    }
}
