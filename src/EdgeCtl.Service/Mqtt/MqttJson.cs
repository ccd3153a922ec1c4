using System.Text.Json;

namespace EdgeCtl.Service.Mqtt;

/// <summary>UTF-8 JSON encoding of the MQTT payloads through <see cref="MqttJsonContext"/>.</summary>
public static class MqttJson
{
    /// <summary>Status payload bytes.</summary>
    public static byte[] Serialize(StatusMessage status) =>
        JsonSerializer.SerializeToUtf8Bytes(status, MqttJsonContext.Default.StatusMessage);

    /// <summary>Event payload bytes, as the campaign store writes them into the outbox.</summary>
    public static byte[] Serialize(EventMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(message, MqttJsonContext.Default.EventMessage);

    /// <summary>Metrics payload bytes.</summary>
    public static byte[] Serialize(MetricsMessage metrics) =>
        JsonSerializer.SerializeToUtf8Bytes(metrics, MqttJsonContext.Default.MetricsMessage);

    /// <summary>Alarm payload bytes.</summary>
    public static byte[] Serialize(AlarmMessage alarm) =>
        JsonSerializer.SerializeToUtf8Bytes(alarm, MqttJsonContext.Default.AlarmMessage);

    /// <summary>Parses a status payload (for consumers and tests).</summary>
    /// <exception cref="JsonException">Malformed JSON or wrong shape.</exception>
    public static StatusMessage? DeserializeStatus(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, MqttJsonContext.Default.StatusMessage);

    /// <summary>Parses an event payload (for consumers and tests).</summary>
    /// <exception cref="JsonException">Malformed JSON or wrong shape.</exception>
    public static EventMessage? DeserializeEvent(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, MqttJsonContext.Default.EventMessage);

    /// <summary>Parses an alarm payload (for consumers and tests).</summary>
    /// <exception cref="JsonException">Malformed JSON or wrong shape.</exception>
    public static AlarmMessage? DeserializeAlarm(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, MqttJsonContext.Default.AlarmMessage);
}
