using System.Text.Json;

namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// Validates a message received under <c>{root}cmd/</c>: topic suffix is exactly one of
/// <c>start</c>, <c>pause</c>, <c>resume</c>, <c>abort</c>; payload is empty or a JSON object
/// <see cref="CommandPayload"/> (no other fields) of at most <see cref="MaxPayloadBytes"/>; not retained
/// (a retained command would be replayed to every new subscriber, MQTT 3.1.1 §3.3.1.3).
/// </summary>
public static class CampaignCommandParser
{
    /// <summary>Largest accepted payload, bytes.</summary>
    public const int MaxPayloadBytes = 4096;

    /// <summary>Largest accepted <c>reason</c>, characters.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Largest accepted <c>campaign_id</c>, characters.</summary>
    public const int MaxCampaignIdLength = 128;

    /// <summary>Parses one command message.</summary>
    /// <param name="topicRoot">The root with trailing slash, <c>edgectl/{instrument_id}/</c>.</param>
    /// <param name="message">The received message.</param>
    /// <param name="receivedUtc">Reception time recorded in the command.</param>
    /// <param name="command">The command when valid.</param>
    /// <param name="error">What is wrong, naming the topic and the offending part, when invalid.</param>
    /// <returns>True when <paramref name="command"/> is valid.</returns>
    public static bool TryParse(
        string topicRoot,
        MosquittoMessage message,
        DateTimeOffset receivedUtc,
        out CampaignCommand? command,
        out string? error)
    {
        ArgumentNullException.ThrowIfNull(topicRoot);
        ArgumentNullException.ThrowIfNull(message);
        command = null;
        var prefix = topicRoot + "cmd/";
        if (!message.Topic.StartsWith(prefix, StringComparison.Ordinal))
        {
            error = $"'{message.Topic}' is not a command topic (expected {prefix}<start|pause|resume|abort>).";
            return false;
        }

        var name = message.Topic[prefix.Length..];
        CampaignCommandKind kind;
        switch (name)
        {
            case "start": kind = CampaignCommandKind.Start; break;
            case "pause": kind = CampaignCommandKind.Pause; break;
            case "resume": kind = CampaignCommandKind.Resume; break;
            case "abort": kind = CampaignCommandKind.Abort; break;
            default:
                error = $"unknown command '{name}' on '{message.Topic}' (expected start, pause, resume or abort).";
                return false;
        }

        if (message.Retain)
        {
            error = $"retained command on '{message.Topic}' ignored: publish commands without the retain flag.";
            return false;
        }

        if (message.Payload.Length > MaxPayloadBytes)
        {
            error = $"payload of '{message.Topic}' is {message.Payload.Length} bytes, more than {MaxPayloadBytes}.";
            return false;
        }

        CommandPayload payload;
        if (IsBlank(message.Payload))
        {
            payload = new CommandPayload();
        }
        else
        {
            try
            {
                payload = JsonSerializer.Deserialize(message.Payload, MqttJsonContext.Default.CommandPayload)
                    ?? throw new JsonException("payload is JSON null, expected an object");
            }
            catch (JsonException ex)
            {
                error = $"malformed JSON in '{message.Topic}': {ex.Message} " +
                    "(expected {\"campaign_id\": \"...\", \"reason\": \"...\"}, both optional, no other fields).";
                return false;
            }
        }

        if (payload.CampaignId is { } cid && (cid.Length is 0 or > MaxCampaignIdLength || cid.Any(char.IsControl)))
        {
            error = $"campaign_id in '{message.Topic}' must be 1..{MaxCampaignIdLength} printable characters.";
            return false;
        }

        if (payload.Reason is { Length: > MaxReasonLength })
        {
            error = $"reason in '{message.Topic}' has {payload.Reason.Length} characters, more than {MaxReasonLength}.";
            return false;
        }

        command = new CampaignCommand(kind, payload.CampaignId, payload.Reason, receivedUtc);
        error = null;
        return true;
    }

    private static bool IsBlank(ReadOnlySpan<byte> payload)
    {
        foreach (var b in payload)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                return false;
        }

        return true;
    }
}
