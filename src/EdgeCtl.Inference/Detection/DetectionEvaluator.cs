using System.Diagnostics;
using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Evaluates an <see cref="IParticleDetector"/> on a labelled folder: <c>images/</c> (any format
/// <see cref="ImageReader"/> reads) and <c>labels_yolo/</c> with one YOLO text file per image
/// (same base name, <c>.txt</c>). Predicted boxes are matched one-to-one to ground-truth boxes at
/// IoU ≥ 0.5 (<see cref="BoxMatching"/>); scores per image, micro-averaged over the folder, and per
/// box-size bin both in image px and in SAM's encoder frame (px × 1024 / long side); wall time per
/// image, split by stage for an <see cref="ITimedParticleDetector"/>.
/// </summary>
public static class DetectionEvaluator
{
    /// <summary>Lower edges of the size bins, px (sqrt(w · h) of the box); the last bin is open.</summary>
    public static readonly double[] SizeBinEdgesPx = [0, 10, 20, 40];

    private static readonly string[] SizeBinNames = ["<10", "10-20", "20-40", ">=40"];

    /// <summary>Side of SAM's encoder frame, px: a frame's long side is scaled to it for the encoder-frame size bins.</summary>
    public const int EncoderSidePx = 1024;

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
        // Only image files: `edgectl detect IMAGE` writes IMAGE.particles.json and an overlay PNG
        // beside its input, and those must not become images to score.
        var files = Directory.GetFiles(imagesDir).Where(IsImageFile).ToArray();
        Array.Sort(files, StringComparer.Ordinal);

        var perImage = new List<ImageEvaluation>(files.Length);
        int bins = SizeBinEdgesPx.Length;
        var img = new SizeBinCounts(bins);
        var enc = new SizeBinCounts(bins);
        int tp = 0, fp = 0, fn = 0;
        double seconds = 0;
        foreach (var file in files)
        {
            string labelPath = Path.Combine(labelsDir, Path.GetFileNameWithoutExtension(file) + ".txt");
            if (!File.Exists(labelPath)) throw new FileNotFoundException($"No YOLO label file '{labelPath}' for image '{file}'.", labelPath);
            using var image = ImageReader.Read(file);
            var truth = YoloLabels.Read(labelPath, image.Width, image.Height);

            var stages = detector is ITimedParticleDetector ? new DetectionTimings() : null;
            var sw = Stopwatch.StartNew();
            var particles = detector is ITimedParticleDetector timed ? timed.Detect(image, options, stages!) : detector.Detect(image, options);
            sw.Stop();

            var predicted = new BoundingBox[particles.Count];
            for (int i = 0; i < predicted.Length; i++) predicted[i] = particles[i].Box;
            var truthArr = new BoundingBox[truth.Count];
            for (int i = 0; i < truthArr.Length; i++) truthArr[i] = truth[i];
            var pm = new int[predicted.Length];
            var tm = new int[truthArr.Length];
            int matched = BoxMatching.Match(predicted, truthArr, pm, tm, minIoU);

            double toEncoder = EncoderScale(image.Width, image.Height);
            img.Add(truthArr, tm, predicted, pm, 1);
            enc.Add(truthArr, tm, predicted, pm, toEncoder);

            var scores = DetectionScores.FromCounts(matched, predicted.Length - matched, truthArr.Length - matched);
            var result = new ImageEvaluation(Path.GetFileName(file), image.Width, image.Height, truthArr.Length, predicted.Length, scores, sw.Elapsed.TotalSeconds,
                TimingSplit.From(sw.Elapsed.TotalSeconds, stages));
            perImage.Add(result);
            tp += scores.TruePositives; fp += scores.FalsePositives; fn += scores.FalseNegatives;
            seconds += result.Seconds;
            onImage?.Invoke(image, particles, truth, result);
        }

        return new DetectionEvaluation(detector.Name, minIoU, DetectionScores.FromCounts(tp, fp, fn), perImage,
            files.Length == 0 ? 0 : seconds / files.Length, img.Results(), enc.Results(),
            TimingSplit.Mean([.. perImage.Select(p => p.Timing)]));
    }

    /// <summary>Extensions of the files scored in <c>images/</c> (case-insensitive); other files, such as <c>*.particles.json</c> and <c>*.overlay.png</c>, are skipped.</summary>
    public static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".tif", ".tiff", ".npy"];

    private static bool IsImageFile(string path)
    {
        string name = Path.GetFileName(path);
        if (name.EndsWith(".overlay.png", StringComparison.OrdinalIgnoreCase)) return false;
        return ImageExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Factor from image px to SAM's encoder frame: <see cref="EncoderSidePx"/> / the long side.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side is not positive.</exception>
    public static double EncoderScale(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return (double)EncoderSidePx / Math.Max(width, height);
    }

    /// <summary>Ground-truth and predicted boxes counted per size bin, sizes multiplied by a scale.</summary>
    internal sealed class SizeBinCounts(int bins)
    {
        private readonly int[] _gtIn = new int[bins], _gtHit = new int[bins], _prIn = new int[bins], _prHit = new int[bins];

        /// <summary>Counts one image: boxes with their match indices (−1 = unmatched), box sizes × <paramref name="scale"/>.</summary>
        public void Add(ReadOnlySpan<BoundingBox> truth, ReadOnlySpan<int> truthMatch, ReadOnlySpan<BoundingBox> predicted, ReadOnlySpan<int> predictedMatch, double scale)
        {
            for (int i = 0; i < truth.Length; i++)
            {
                int b = Bin(truth[i].Size * scale);
                _gtIn[b]++;
                if (truthMatch[i] >= 0) _gtHit[b]++;
            }
            for (int i = 0; i < predicted.Length; i++)
            {
                int b = Bin(predicted[i].Size * scale);
                _prIn[b]++;
                if (predictedMatch[i] >= 0) _prHit[b]++;
            }
        }

        /// <summary>Scores per bin (empty ratios are 1, as in <see cref="DetectionScores"/>).</summary>
        public List<SizeBinEvaluation> Results()
        {
            var list = new List<SizeBinEvaluation>(_gtIn.Length);
            for (int b = 0; b < _gtIn.Length; b++)
            {
                double hi = b + 1 < _gtIn.Length ? SizeBinEdgesPx[b + 1] : double.PositiveInfinity;
                list.Add(new SizeBinEvaluation(SizeBinNames[b], SizeBinEdgesPx[b], hi,
                    _gtIn[b], _gtHit[b], _gtIn[b] == 0 ? 1 : (double)_gtHit[b] / _gtIn[b],
                    _prIn[b], _prHit[b], _prIn[b] == 0 ? 1 : (double)_prHit[b] / _prIn[b]));
            }
            return list;
        }
    }

    /// <summary>Index of the size bin holding a box of size <paramref name="sizePx"/> (sqrt(w · h), px).</summary>
    public static int Bin(double sizePx)
    {
        int b = 0;
        while (b + 1 < SizeBinEdgesPx.Length && sizePx >= SizeBinEdgesPx[b + 1]) b++;
        return b;
    }
}
