using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Finds nanoparticles in an overview image (HAADF or bright-field). Implementations: the
/// classical scale-space detector (<see cref="ClassicalParticleDetector"/>, for particles a few
/// pixels across and larger) and, where particles are resolved, a SAM-based detector.
/// Implementations are stateless per call and may be used from several threads.
/// </summary>
public interface IParticleDetector
{
    /// <summary>Short name recorded in <see cref="DetectedParticle.Detector"/> (e.g. "classical").</summary>
    string Name { get; }

    /// <summary>Detects particles in <paramref name="image"/>.</summary>
    /// <returns>Particles in no particular order; empty when none are found.</returns>
    /// <exception cref="ArgumentException">Options are out of range, or the image holds NaN/infinite pixels.</exception>
    IReadOnlyList<DetectedParticle> Detect(GrayImage image, DetectionOptions options);
}
