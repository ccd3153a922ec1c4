using EdgeCtl.Inference.Detection;

namespace EdgeCtl.Service.Cli;

/// <summary>Particle detectors by configuration name.</summary>
public static class ParticleDetectors
{
    /// <summary>Names accepted by <see cref="Create"/>.</summary>
    public static readonly string[] Names = ["classical"];

    /// <summary>The detector called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static IParticleDetector Create(string name) => name switch
    {
        "classical" => new ClassicalParticleDetector(),
        _ => EdgeCtl.Inference.Sam.SamDetectors.Create(name, Names), // "auto", "auto-fp32", "sam", "sam-fp32" (issue 3)
    };
}
