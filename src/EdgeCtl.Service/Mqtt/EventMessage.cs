namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// Payload of <c>{root}event</c>: one per measurement or decision, written to the campaign store's
/// outbox first and published QoS 1 (at-least-once). <see cref="EventId"/> is unique and increasing
/// per campaign, so consumers de-duplicate on (campaign_id, event_id). Serialise with
/// <see cref="MqttJson.Serialize(EventMessage)"/>.
/// </summary>
/// <param name="EventId">Sequence number (the outbox id), unique and increasing.</param>
/// <param name="CampaignId">Campaign identifier.</param>
/// <param name="Iteration">Loop iteration the event belongs to.</param>
/// <param name="Kind">What happened: eels, edx, overview, region, decision, …</param>
/// <param name="ParticleId">Particle identifier within the campaign; null for region-level events.</param>
/// <param name="Region">Region of view identifier; null when not applicable.</param>
/// <param name="Composition">EDX composition c_i (atomic fractions, one per element class); null when not measured.</param>
/// <param name="Sigma">1-σ uncertainties of <paramref name="Composition"/>, same length; null when not measured.</param>
/// <param name="TargetValue">Measured target property (EELS feature, its unit per campaign); null when none.</param>
/// <param name="TargetSigma">1-σ uncertainty of <paramref name="TargetValue"/>; null when none.</param>
/// <param name="InstrumentSeconds">Instrument clock at the event, s.</param>
/// <param name="Utc">Wall-clock time of the event (UTC).</param>
public sealed record EventMessage(
    long EventId,
    string CampaignId,
    int Iteration,
    string Kind,
    long? ParticleId,
    string? Region,
    double[]? Composition,
    double[]? Sigma,
    double? TargetValue,
    double? TargetSigma,
    double InstrumentSeconds,
    DateTimeOffset Utc);
