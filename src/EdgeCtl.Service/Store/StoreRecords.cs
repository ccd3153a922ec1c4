namespace EdgeCtl.Service.Store;

/// <summary>One campaign: what was asked for and where it stands.</summary>
/// <param name="Id">Campaign id (also the run folder name).</param>
/// <param name="Specimen">Specimen name as reported by the instrument (e.g. synthetic, replay).</param>
/// <param name="Elements">Element symbols, in the order of every composition vector.</param>
/// <param name="Seed">Seed of the campaign's random choices (seed particles, policy restarts).</param>
/// <param name="IterationsPlanned">EELS measurements to make, seed particles included.</param>
/// <param name="Detector">Particle detector name used for overviews.</param>
/// <param name="ConfigJson">The validated configuration the campaign started with.</param>
/// <param name="StartInstrumentSeconds">Instrument time when the campaign started, s.</param>
/// <param name="State">running, completed, aborted or failed.</param>
public sealed record CampaignRecord(
    string Id, string Specimen, string[] Elements, ulong Seed, int IterationsPlanned,
    string Detector, string ConfigJson, double StartInstrumentSeconds, string State);

/// <summary>One visit of the stage to a region (FoV), with the overview's outcome.</summary>
/// <param name="Id">Row id.</param>
/// <param name="VisitSeq">0-based order of visits in the campaign.</param>
/// <param name="RegionIndex">Index of the region in the campaign's region grid.</param>
/// <param name="CenterXUm">Stage X of the FoV centre, µm.</param>
/// <param name="CenterYUm">Stage Y of the FoV centre, µm.</param>
/// <param name="InstrumentSeconds">Instrument time when the region's EDX finished, s.</param>
/// <param name="OverviewOk">False when the overview frame failed; <paramref name="Error"/> says why.</param>
/// <param name="Error">Failure text, or null.</param>
/// <param name="ParticleCount">Particles found in the overview.</param>
public sealed record RegionVisitRecord(
    long Id, int VisitSeq, int RegionIndex, double CenterXUm, double CenterYUm,
    double InstrumentSeconds, bool OverviewOk, string? Error, int ParticleCount);

/// <summary>A particle found in an overview, with its EDX composition (eqs 2–3 applied).</summary>
/// <param name="Id">Row id (0 before insertion).</param>
/// <param name="IndexInRegion">0-based index within its region visit.</param>
/// <param name="XUm">Specimen X of the centroid, µm.</param>
/// <param name="YUm">Specimen Y of the centroid, µm.</param>
/// <param name="OffsetXNm">Beam position relative to the FoV centre, nm (x right).</param>
/// <param name="OffsetYNm">Beam position relative to the FoV centre, nm (y up).</param>
/// <param name="RadiusNm">Equivalent radius, nm.</param>
/// <param name="AreaPx">Segment area, px.</param>
/// <param name="Score">Detector score, 0..1.</param>
/// <param name="Composition">Atomic fractions in campaign element order.</param>
/// <param name="Sigma">1σ of each fraction.</param>
/// <param name="SigmaTotal">σ_tot (eq 3).</param>
/// <param name="EdxCounts">Total counts of the particle's EDX spectrum.</param>
/// <param name="Detector">Which detector found it (<c>sam</c> or <c>classical</c>; the combined <c>auto</c> reports
/// the part that produced the particle), or null when not recorded (stores of schema version 1).</param>
public sealed record ParticleRecord(
    long Id, int IndexInRegion, double XUm, double YUm, double OffsetXNm, double OffsetYNm,
    double RadiusNm, double AreaPx, double Score, double[] Composition, double[] Sigma,
    double SigmaTotal, double EdxCounts, string? Detector = null);

/// <summary>An EELS measurement of the campaign's target at a particle.</summary>
/// <param name="Iteration">1-based iteration (seed particles are iterations 1..3).</param>
/// <param name="ParticleId">Row id of the measured particle.</param>
/// <param name="Target">Target value extracted from the EELS spectrum.</param>
/// <param name="TargetSigma">1σ of <paramref name="Target"/>.</param>
/// <param name="InstrumentSeconds">Instrument time at the end of the measurement, s.</param>
/// <param name="IsSeed">True for the initial random seed particles.</param>
public sealed record MeasurementRecord(
    int Iteration, long ParticleId, double Target, double TargetSigma, double InstrumentSeconds, bool IsSeed);

/// <summary>A policy decision and its scores (eqs 4, 7–9, 16–17).</summary>
public sealed record DecisionRecord(
    int Iteration, string Kind, long? ParticleId, double Score, double Acquisition, double MoveCost,
    double RegionOfViewValue, double StayValue, double ExpectedSwitchGain, double SwitchCost,
    double SwitchValue, int? DestinationRegion, double InstrumentSeconds);

/// <summary>Figures of merit after an iteration.</summary>
/// <param name="Iteration">1-based iteration.</param>
/// <param name="MeanSigma">Mean predictive σ over the evaluation set.</param>
/// <param name="AbsError">Mean absolute error against ground truth, or null when unknown.</param>
/// <param name="InstrumentSeconds">Instrument seconds since the campaign started.</param>
/// <param name="RegionIndex">Region the measurement was made in.</param>
public sealed record IterationMetricsRecord(int Iteration, double MeanSigma, double? AbsError, double InstrumentSeconds, int RegionIndex);

/// <summary>A message waiting in the durable outbox.</summary>
/// <param name="Id">Outbox sequence number (strictly increasing).</param>
/// <param name="Topic">Topic relative to the instrument root, e.g. <c>event</c>.</param>
/// <param name="Payload">UTF-8 JSON.</param>
public sealed record StoredMessage(long Id, string Topic, byte[] Payload);

/// <summary>A message to enqueue in the outbox; its payload is built from the outbox id, which becomes the event's <c>event_id</c>.</summary>
/// <param name="Topic">Topic relative to the instrument root, e.g. <c>event</c>.</param>
/// <param name="Payload">Builds the UTF-8 JSON payload from the outbox id.</param>
public sealed record OutgoingMessage(string Topic, Func<long, byte[]> Payload);
