using System.Text.Json.Serialization;

namespace EdgeCtl.Service.Mqtt;

/// <summary>Source-generated System.Text.Json metadata for every MQTT payload (snake_case names,
/// nulls omitted, no reflection: trimming/AOT safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(StatusMessage))]
[JsonSerializable(typeof(EventMessage))]
[JsonSerializable(typeof(MetricsMessage))]
[JsonSerializable(typeof(AlarmMessage))]
[JsonSerializable(typeof(CommandPayload))]
public sealed partial class MqttJsonContext : JsonSerializerContext;
