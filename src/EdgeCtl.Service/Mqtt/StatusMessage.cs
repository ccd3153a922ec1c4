namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// Retained payload of <c>{root}status</c> (QoS 1, latest wins; the Last Will carries
/// <c>{"state":"offline",...}</c>). JSON field names are snake_case (<see cref="MqttJsonContext"/>).
/// </summary>
/// <param name="State">Service/campaign state.</param>
/// <param name="CampaignId">Campaign identifier from the store; null before a campaign starts.</param>
/// <param name="Iteration">Completed iterations of the loop (0-based count).</param>
/// <param name="IterationsPlanned">Planned iteration budget; 0 when unknown.</param>
/// <param name="Region">Current region of view identifier; null when none.</param>
/// <param name="InstrumentSeconds">Instrument time spent so far, s (IInstrumentClock).</param>
/// <param name="MeanSigma">Mean GP posterior standard deviation over the candidates (target units); null before the first fit.</param>
/// <param name="Detector">Particle detector in use (e.g. "sam", "blob"); null when none.</param>
/// <param name="LastError">Last error text; null when none.</param>
/// <param name="UpdatedUtc">When this status was produced (UTC).</param>
public sealed record StatusMessage(
    CampaignState State,
    string? CampaignId,
    int Iteration,
    int IterationsPlanned,
    string? Region,
    double InstrumentSeconds,
    double? MeanSigma,
    string? Detector,
    string? LastError,
    DateTimeOffset UpdatedUtc);
