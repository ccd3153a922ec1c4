using System.Text.Json.Serialization;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Source-generated System.Text.Json metadata for the evaluation results (snake_case names, e.g.
/// <c>{"micro":{"precision":..,"recall":..,"f1":..},"per_image":[..],"seconds_per_image":..,"by_size":[..]}</c>)
/// and for detected particles. Trim/AOT safe.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    WriteIndented = true)]
[JsonSerializable(typeof(DetectionEvaluation))]
[JsonSerializable(typeof(List<DetectedParticle>))]
public sealed partial class DetectionJsonContext : JsonSerializerContext;
