using System.Text.Json.Serialization;

namespace EdgeCtl.Service.Configuration;

/// <summary>Source-generated JSON for recording the configuration a campaign started with (the MQTT password is not serialised).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(EdgeCtlOptions))]
public sealed partial class ConfigJsonContext : JsonSerializerContext;
