namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// Payload of <c>{root}metrics</c>: periodic gauges, QoS 0, not retained, dropped while disconnected.
/// </summary>
/// <param name="CampaignId">Campaign identifier; null when idle.</param>
/// <param name="InstrumentSeconds">Instrument clock, s.</param>
/// <param name="Values">Named gauges, unit in the name (e.g. <c>loop_latency_ms_p99</c>, <c>outbox_pending</c>).</param>
/// <param name="Utc">Sample time (UTC).</param>
public sealed record MetricsMessage(
    string? CampaignId,
    double InstrumentSeconds,
    IReadOnlyDictionary<string, double> Values,
    DateTimeOffset Utc);
