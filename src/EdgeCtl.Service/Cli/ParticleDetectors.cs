using EdgeCtl.Inference.Detection;

namespace EdgeCtl.Service.Cli;

/// <summary>Particle detectors by configuration name.</summary>
public static class ParticleDetectors
{
    /// <summary>Names accepted by <see cref="Create"/>: classical, and the SAM-based auto, auto-fp32, sam, sam-fp32.</summary>
    public static readonly string[] Names = ["classical", .. EdgeCtl.Inference.Sam.SamDetectors.Names];

    /// <summary>The detector called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static IParticleDetector Create(string name) => name switch
    {
        "classical" => new ClassicalParticleDetector(),
        _ => EdgeCtl.Inference.Sam.SamDetectors.Create(name, ["classical"]), // "auto", "auto-fp32", "sam", "sam-fp32" (issue 3)
    };
}
