using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Onnx;

namespace EdgeCtl.Inference.Sam;

/// <summary>
/// SAM-based detectors by configuration name: "auto" (combined, int8 models), "auto-fp32",
/// "sam" (SAM alone, int8) and "sam-fp32". Models come from <see cref="ModelFiles"/>
/// (<c>scripts/setup-models.sh</c>).
/// </summary>
public static class SamDetectors
{
    /// <summary>Names accepted by <see cref="Create(string, IReadOnlyList{string})"/>.</summary>
    public static readonly string[] Names = ["auto", "auto-fp32", "sam", "sam-fp32"];

    /// <summary>
    /// The detector called <paramref name="name"/>. "auto"/"auto-fp32" fall back to the classical
    /// detector when the models are missing or fail to load; "sam"/"sam-fp32" throw instead.
    /// </summary>
    /// <param name="name">Detector name.</param>
    /// <param name="otherNames">Names known elsewhere, listed in the unknown-name error.</param>
    /// <param name="fallbackReason">Why "auto" fell back to the classical detector (names the model file and
    /// the problem), or null when it did not. The service logs it and shows it in its status.</param>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    /// <exception cref="FileNotFoundException">A "sam" model file is missing.</exception>
    /// <exception cref="OnnxRuntimeException">A "sam" model file is rejected by ONNX Runtime.</exception>
    public static IParticleDetector Create(string name, IReadOnlyList<string>? otherNames, out string? fallbackReason) =>
        Create(name, otherNames, SamModelOptions.FromModelsDirectory, out fallbackReason);

    /// <inheritdoc cref="Create(string, IReadOnlyList{string}, out string)"/>
    public static IParticleDetector Create(string name, IReadOnlyList<string>? otherNames = null) =>
        Create(name, otherNames, out _);

    internal static IParticleDetector Create(string name, IReadOnlyList<string>? otherNames, Func<bool, SamModelOptions> models,
                                             out string? fallbackReason)
    {
        fallbackReason = null;
        ArgumentNullException.ThrowIfNull(name);
        bool auto = name is "auto" or "auto-fp32";
        if (!auto && name is not ("sam" or "sam-fp32"))
            throw new ArgumentException(
                $"Unknown particle detector '{name}'; known: {string.Join(", ", [.. otherNames ?? [], .. Names])}.");
        bool int8 = !name.EndsWith("-fp32", StringComparison.Ordinal);
        var mode = auto ? SamDetectorMode.Auto : SamDetectorMode.Sam;
        if (!auto) return new SamParticleDetector(new SamSegmenter(models(int8)), mode);
        try
        {
            return new SamParticleDetector(new SamSegmenter(models(int8)), mode);
        }
        catch (Exception e) when (e is FileNotFoundException or OnnxRuntimeException or DllNotFoundException or InvalidDataException or ArgumentException)
        {
            fallbackReason = $"SAM detector unavailable, using the classical detector: {e.Message}";
            return new ClassicalParticleDetector();
        }
    }
}
