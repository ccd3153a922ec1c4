using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Sam;

namespace EdgeCtl.Service.Cli;

/// <summary>A particle detector as configured and as actually in use.</summary>
/// <param name="Detector">The detector.</param>
/// <param name="Requested">The configured name (e.g. <c>auto</c>).</param>
/// <param name="Name">The name in use: <paramref name="Requested"/>, or <c>classical</c> after a fallback.</param>
/// <param name="FallbackReason">Why <c>auto</c> fell back to the classical detector (missing or unloadable model), or null.</param>
public sealed record ResolvedDetector(IParticleDetector Detector, string Requested, string Name, string? FallbackReason) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => (Detector as IDisposable)?.Dispose();
}

/// <summary>Particle detectors by configuration name.</summary>
public static class ParticleDetectors
{
    /// <summary>Names accepted by <see cref="Create"/>: classical, and the SAM-based auto, auto-fp32, sam, sam-fp32.</summary>
    public static readonly string[] Names = ["classical", .. SamDetectors.Names];

    /// <summary>The default detector of <c>edgectl run</c> and <c>edgectl detect</c>: the combined one.</summary>
    public const string Default = "auto";

    /// <summary>The detector called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static IParticleDetector Create(string name) => Resolve(name).Detector;

    /// <summary>
    /// The detector called <paramref name="name"/>, with the name actually in use: <c>auto</c> and
    /// <c>auto-fp32</c> become <c>classical</c> when the SAM models are missing or fail to load
    /// (<see cref="ResolvedDetector.FallbackReason"/> says why); <c>sam</c>/<c>sam-fp32</c> throw instead.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    /// <exception cref="FileNotFoundException">A model file of <c>sam</c>/<c>sam-fp32</c> is missing.</exception>
    public static ResolvedDetector Resolve(string name)
    {
        if (name == "classical") return new ResolvedDetector(new ClassicalParticleDetector(), name, name, null);
        var detector = SamDetectors.Create(name, ["classical"], out string? fallbackReason);
        return fallbackReason is null
            ? new ResolvedDetector(detector, name, name, null)
            : new ResolvedDetector(detector, name, "classical", fallbackReason);
    }
}
