namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Seconds a detector spent per pipeline stage, accumulated over calls (not thread-safe: one
/// instance per caller). Stages: the classical detector (candidates, scale estimate, small
/// particles), preprocessing (contrast estimate and encoder-tensor filling), the image encoder,
/// the prompt decoder, and post-processing (mask choice, refinement, geometry, NMS, merging).
/// </summary>
public sealed class DetectionTimings
{
    /// <summary>Classical detector, s.</summary>
    public double Classical { get; set; }
    /// <summary>Preprocessing for the encoder, s.</summary>
    public double Preprocess { get; set; }
    /// <summary>Image encoder runs, s.</summary>
    public double Encoder { get; set; }
    /// <summary>Decoder runs, s.</summary>
    public double Decoder { get; set; }
    /// <summary>Post-processing, s.</summary>
    public double Postprocess { get; set; }
    /// <summary>Encoder runs (frames or tiles).</summary>
    public int EncoderRuns { get; set; }
    /// <summary>Decoder runs (prompts).</summary>
    public int DecoderRuns { get; set; }

    /// <summary>Sum of the stage times, s.</summary>
    public double Total => Classical + Preprocess + Encoder + Decoder + Postprocess;

    /// <summary>Adds <paramref name="other"/> into this.</summary>
    public void Add(DetectionTimings other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Classical += other.Classical; Preprocess += other.Preprocess; Encoder += other.Encoder;
        Decoder += other.Decoder; Postprocess += other.Postprocess;
        EncoderRuns += other.EncoderRuns; DecoderRuns += other.DecoderRuns;
    }
}

/// <summary>
/// A detector that reports where its time goes. <see cref="DetectionEvaluator"/> uses it for the
/// timing split of <c>edgectl detect --eval</c>.
/// </summary>
public interface ITimedParticleDetector : IParticleDetector
{
    /// <summary>As <see cref="IParticleDetector.Detect"/>, adding the seconds per stage into <paramref name="timings"/>.</summary>
    IReadOnlyList<DetectedParticle> Detect(EdgeCtl.Inference.Imaging.GrayImage image, DetectionOptions options, DetectionTimings timings);
}
