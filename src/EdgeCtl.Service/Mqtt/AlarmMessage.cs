namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// Payload of <c>{root}alarm</c>, QoS 1, not retained. Sent for conditions an operator must see:
/// rejected commands, hardware faults, a broker refusing events.
/// </summary>
/// <param name="Severity">"warning", "error" or "critical".</param>
/// <param name="Code">Stable machine-readable code, snake_case (e.g. <c>command_rejected</c>).</param>
/// <param name="Message">Human-readable text naming the problem.</param>
/// <param name="CampaignId">Campaign identifier; null when none.</param>
/// <param name="Utc">When raised (UTC).</param>
public sealed record AlarmMessage(
    string Severity,
    string Code,
    string Message,
    string? CampaignId,
    DateTimeOffset Utc);
