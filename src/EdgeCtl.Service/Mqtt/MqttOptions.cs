namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// MQTT connection settings, bound from the configuration section <c>Mqtt</c> (e.g. environment
/// <c>Mqtt__Host</c>, or the <c>MQTT_*</c> values of <c>scripts/mosquitto.sh</c>'s broker.env).
/// Topics live under <see cref="TopicRoot"/> = <c>edgectl/{InstrumentId}/</c> (DESIGN.md "MQTT").
/// </summary>
public sealed class MqttOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Mqtt";

    /// <summary>Broker host name or address. Default 127.0.0.1.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Broker TCP port, 1–65535. Default 1883 (MQTT's IANA port).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>User name sent in CONNECT; null for none (the project's broker refuses anonymous clients).</summary>
    public string? Username { get; set; }

    /// <summary>Password sent in CONNECT; requires <see cref="Username"/>.</summary>
    public string? Password { get; set; }

    /// <summary>MQTT client identifier (MQTT 3.1.1 §3.1.3.1); default <c>edgectl-{InstrumentId}</c>.
    /// Two live clients with the same id take each other's connection over, so keep it unique per process.</summary>
    public string? ClientId { get; set; }

    /// <summary>Instrument identifier, one topic level: letters, digits, '.', '_', '-'; 1–64 characters.</summary>
    public string InstrumentId { get; set; } = string.Empty;

    /// <summary>MQTT keep alive in seconds, 5–3600 (MQTT 3.1.1 §3.1.2.10). The broker fires the Will after
    /// 1.5 × this without traffic from a hung client. Default 30 s.</summary>
    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>Backpressure: at most this many outbox events are published and not yet acknowledged;
    /// the rest wait in the outbox. 1–10,000. Default 64.</summary>
    public int MaxInFlight { get; set; } = 64;

    /// <summary>First reconnect delay in seconds (doubles up to <see cref="ReconnectDelayMaxSeconds"/>), 1–3600. Default 1.</summary>
    public int ReconnectDelaySeconds { get; set; } = 1;

    /// <summary>Longest reconnect delay in seconds, ≥ <see cref="ReconnectDelaySeconds"/>, ≤ 3600. Default 30.</summary>
    public int ReconnectDelayMaxSeconds { get; set; } = 30;

    /// <summary>Topic prefix with trailing slash: <c>edgectl/{InstrumentId}/</c>.</summary>
    public string TopicRoot => $"edgectl/{InstrumentId}/";

    /// <summary>The client id actually used: <see cref="ClientId"/> or <c>edgectl-{InstrumentId}</c>.</summary>
    public string EffectiveClientId => string.IsNullOrEmpty(ClientId) ? $"edgectl-{InstrumentId}" : ClientId;

    /// <summary>Checks every setting; each problem names its key (<c>Mqtt:Port</c>) and what was expected.</summary>
    /// <returns>The problems found; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
            errors.Add($"{SectionName}:Host must name the broker host, got '{Host}'.");
        if (Port is < 1 or > 65535)
            errors.Add($"{SectionName}:Port must be 1..65535, got {Port}.");
        if (string.IsNullOrEmpty(InstrumentId) || InstrumentId.Length > 64 || !IsTopicToken(InstrumentId))
            errors.Add($"{SectionName}:InstrumentId must be 1..64 characters of [A-Za-z0-9._-] (one topic level), got '{InstrumentId}'.");
        if (ClientId is { Length: > 0 } id && (id.Length > 128 || !IsTopicToken(id)))
            errors.Add($"{SectionName}:ClientId must be 1..128 characters of [A-Za-z0-9._-], got '{id}'.");
        if (Password is not null && string.IsNullOrEmpty(Username))
            errors.Add($"{SectionName}:Password is set but {SectionName}:Username is empty.");
        if (KeepAliveSeconds is < 5 or > 3600)
            errors.Add($"{SectionName}:KeepAliveSeconds must be 5..3600, got {KeepAliveSeconds}.");
        if (MaxInFlight is < 1 or > 10_000)
            errors.Add($"{SectionName}:MaxInFlight must be 1..10000, got {MaxInFlight}.");
        if (ReconnectDelaySeconds is < 1 or > 3600)
            errors.Add($"{SectionName}:ReconnectDelaySeconds must be 1..3600, got {ReconnectDelaySeconds}.");
        if (ReconnectDelayMaxSeconds < ReconnectDelaySeconds || ReconnectDelayMaxSeconds > 3600)
            errors.Add($"{SectionName}:ReconnectDelayMaxSeconds must be {ReconnectDelaySeconds}..3600, got {ReconnectDelayMaxSeconds}.");
        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem.</summary>
    /// <exception cref="ArgumentException">Lists every invalid key.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid MQTT settings: " + string.Join(" ", errors));
    }

    private static bool IsTopicToken(string s)
    {
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                return false;
        }

        return true;
    }
}
