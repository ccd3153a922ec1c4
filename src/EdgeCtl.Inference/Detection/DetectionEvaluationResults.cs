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
/// <param name="Timing">Where those seconds went (<see cref="TimingSplit"/>).</param>
public sealed record ImageEvaluation(string Image, int Width, int Height, int GroundTruth, int Predicted, DetectionScores Scores, double Seconds,
    TimingSplit Timing);

/// <summary>
/// Wall-clock seconds split by pipeline stage (see <see cref="DetectionTimings"/>); for a whole
/// folder, means per image. <see cref="Other"/> is what the detector did not attribute to a stage
/// (everything, for a detector that is not an <see cref="ITimedParticleDetector"/>).
/// </summary>
/// <param name="Total">Wall-clock seconds of the detection call.</param>
/// <param name="Classical">Classical detector, s.</param>
/// <param name="Preprocess">Encoder preprocessing, s.</param>
/// <param name="Encoder">Image encoder, s.</param>
/// <param name="Decoder">Prompt decoder, s.</param>
/// <param name="Postprocess">Mask choice, geometry, NMS, merging, s.</param>
/// <param name="Other">Total minus the stages, s.</param>
/// <param name="EncoderRuns">Encoder runs (frames or tiles).</param>
/// <param name="DecoderRuns">Decoder runs (prompts).</param>
public sealed record TimingSplit(double Total, double Classical, double Preprocess, double Encoder, double Decoder, double Postprocess, double Other,
    double EncoderRuns, double DecoderRuns)
{
    /// <summary>The split of one call that took <paramref name="wallSeconds"/>; <paramref name="stages"/> null = unattributed.</summary>
    public static TimingSplit From(double wallSeconds, DetectionTimings? stages) => stages is null
        ? new(wallSeconds, 0, 0, 0, 0, 0, wallSeconds, 0, 0)
        : new(wallSeconds, stages.Classical, stages.Preprocess, stages.Encoder, stages.Decoder, stages.Postprocess,
              Math.Max(0, wallSeconds - stages.Total), stages.EncoderRuns, stages.DecoderRuns);

    /// <summary>Mean of <paramref name="splits"/> (all zero when empty).</summary>
    public static TimingSplit Mean(IReadOnlyCollection<TimingSplit> splits)
    {
        ArgumentNullException.ThrowIfNull(splits);
        if (splits.Count == 0) return new(0, 0, 0, 0, 0, 0, 0, 0, 0);
        double n = splits.Count;
        return new(splits.Sum(s => s.Total) / n, splits.Sum(s => s.Classical) / n, splits.Sum(s => s.Preprocess) / n,
                   splits.Sum(s => s.Encoder) / n, splits.Sum(s => s.Decoder) / n, splits.Sum(s => s.Postprocess) / n,
                   splits.Sum(s => s.Other) / n, splits.Sum(s => s.EncoderRuns) / n, splits.Sum(s => s.DecoderRuns) / n);
    }
}

/// <summary>
/// Scores for one size bin [MinPx, MaxPx) of box size sqrt(w · h): recall over ground-truth boxes
/// in the bin, precision over predicted boxes whose own size falls in the bin, F1 their harmonic
/// mean (0 when both are 0).
/// </summary>
public sealed record SizeBinEvaluation(string Bin, double MinPx, double MaxPx, int GroundTruth, int GroundTruthMatched, double Recall,
    int Predicted, int PredictedMatched, double Precision)
{
    /// <summary>Harmonic mean of <see cref="Precision"/> and <see cref="Recall"/>.</summary>
    public double F1 => Precision + Recall > 0 ? 2 * Precision * Recall / (Precision + Recall) : 0;
}

/// <summary>Evaluation of a detector over a labelled folder.</summary>
/// <param name="Detector">Detector name.</param>
/// <param name="IoUThreshold">IoU threshold of a match.</param>
/// <param name="Micro">Micro-averaged scores (counts summed over all images).</param>
/// <param name="PerImage">Per-image results, in file-name order.</param>
/// <param name="SecondsPerImage">Mean detection seconds per image.</param>
/// <param name="BySize">Scores per size bin (&lt; 10, 10–20, 20–40, ≥ 40 px) of box size in image px.</param>
/// <param name="BySizeEncoder">The same bins of box size in SAM's encoder frame: image px × 1024 / the image's long side
/// (the scale at which the whole frame is encoded once; issue 3's "≥ 40 px in the encoder frame").</param>
/// <param name="Timing">Mean seconds per image by stage.</param>
public sealed record DetectionEvaluation(string Detector, double IoUThreshold, DetectionScores Micro, IReadOnlyList<ImageEvaluation> PerImage,
    double SecondsPerImage, IReadOnlyList<SizeBinEvaluation> BySize, IReadOnlyList<SizeBinEvaluation> BySizeEncoder, TimingSplit Timing);
