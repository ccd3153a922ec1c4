namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Precision, recall and F1 from counts. Undefined ratios (0/0) are 1: an image with nothing to
/// find and nothing found is perfect. F1 = 2 TP / (2 TP + FP + FN).
/// </summary>
public sealed record DetectionScores(double Precision, double Recall, double F1, int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>Scores from true positives, false positives and false negatives.</summary>
    public static DetectionScores FromCounts(int tp, int fp, int fn) => new(
        tp + fp == 0 ? 1 : (double)tp / (tp + fp),
        tp + fn == 0 ? 1 : (double)tp / (tp + fn),
        2 * tp + fp + fn == 0 ? 1 : 2.0 * tp / (2 * tp + fp + fn),
        tp, fp, fn);
}

/// <summary>Result for one image.</summary>
/// <param name="Image">File name of the image.</param>
/// <param name="Width">Columns, px.</param>
/// <param name="Height">Rows, px.</param>
/// <param name="GroundTruth">Number of ground-truth boxes.</param>
/// <param name="Predicted">Number of predicted boxes.</param>
/// <param name="Scores">Precision, recall, F1 and TP/FP/FN counts at the evaluation IoU.</param>
/// <param name="Seconds">Wall-clock seconds of <see cref="IParticleDetector.Detect"/> (decoding excluded).</param>
public sealed record ImageEvaluation(string Image, int Width, int Height, int GroundTruth, int Predicted, DetectionScores Scores, double Seconds);

/// <summary>
/// Scores for one size bin [MinPx, MaxPx) of box size sqrt(w · h): recall over ground-truth boxes
/// in the bin, precision over predicted boxes whose own size falls in the bin.
/// </summary>
public sealed record SizeBinEvaluation(string Bin, double MinPx, double MaxPx, int GroundTruth, int GroundTruthMatched, double Recall,
    int Predicted, int PredictedMatched, double Precision);

/// <summary>Evaluation of a detector over a labelled folder.</summary>
/// <param name="Detector">Detector name.</param>
/// <param name="IoUThreshold">IoU threshold of a match.</param>
/// <param name="Micro">Micro-averaged scores (counts summed over all images).</param>
/// <param name="PerImage">Per-image results, in file-name order.</param>
/// <param name="SecondsPerImage">Mean detection seconds per image.</param>
/// <param name="BySize">Scores per size bin (&lt; 10, 10–20, 20–40, ≥ 40 px).</param>
public sealed record DetectionEvaluation(string Detector, double IoUThreshold, DetectionScores Micro, IReadOnlyList<ImageEvaluation> PerImage,
    double SecondsPerImage, IReadOnlyList<SizeBinEvaluation> BySize);
