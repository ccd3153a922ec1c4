using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeCtl.Hil;

/// <summary>
/// The single line the rig prints on stdout once every listener is up (docs/rig.md):
/// <c>EDGECTL-HIL READY {json}</c> with the endpoints as "host:port", the pty path (null with
/// <c>--no-pty</c>), the specimen, its element order and the time scale.
/// </summary>
public sealed record ReadyLine(
    [property: JsonPropertyName("scan")] string Scan,
    [property: JsonPropertyName("gcs_tcp")] string GcsTcp,
    [property: JsonPropertyName("gcs_tty")] string? GcsTty,
    [property: JsonPropertyName("control")] string Control,
    [property: JsonPropertyName("specimen")] string Specimen,
    [property: JsonPropertyName("elements")] IReadOnlyList<string> Elements,
    [property: JsonPropertyName("time_scale")] double TimeScale)
{
    /// <summary>Prefix of the line.</summary>
    public const string Prefix = "EDGECTL-HIL READY ";

    /// <summary>The full line (without LF).</summary>
    public string Format() => Prefix + JsonSerializer.Serialize(this, ReadyLineJsonContext.Default.ReadyLine);
}

/// <summary>Source-generated JSON for <see cref="ReadyLine"/> (AOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ReadyLine))]
internal sealed partial class ReadyLineJsonContext : JsonSerializerContext;
