namespace EdgeCtl.Service.Mqtt;

/// <summary>The campaign commands accepted on <c>{root}cmd/{name}</c> (DESIGN.md "MQTT").</summary>
public enum CampaignCommandKind
{
    /// <summary><c>cmd/start</c>: start (or continue) the configured campaign.</summary>
    Start,

    /// <summary><c>cmd/pause</c>: finish the current action, blank the beam, hold.</summary>
    Pause,

    /// <summary><c>cmd/resume</c>: continue after a pause.</summary>
    Resume,

    /// <summary><c>cmd/abort</c>: stop the campaign as soon as it is safe.</summary>
    Abort,
}

/// <summary>A validated command for the campaign runner, read from <see cref="MqttPublisher.Commands"/>.
/// Authentication and authorisation were done by the broker (password file + ACL).</summary>
/// <param name="Kind">Which command.</param>
/// <param name="CampaignId">When set, the campaign the sender means; the runner ignores the command if it differs.</param>
/// <param name="Reason">Operator's reason, ≤ 500 characters; null when not given.</param>
/// <param name="ReceivedUtc">When the publisher received it (UTC).</param>
public sealed record CampaignCommand(
    CampaignCommandKind Kind,
    string? CampaignId,
    string? Reason,
    DateTimeOffset ReceivedUtc);
