using System.Text.Json.Serialization;

namespace EdgeCtl.Service.Reporting;

/// <summary>
/// <c>runs/&lt;campaign-id&gt;/summary.json</c>: what a microscopist reads in the morning. Arrays
/// are per iteration (index 0 = iteration 1).
/// </summary>
public sealed record CampaignSummary
{
    /// <summary>Campaign id.</summary>
    public required string CampaignId { get; init; }
    /// <summary>Specimen name.</summary>
    public required string Specimen { get; init; }
    /// <summary>completed, aborted, exhausted or failed.</summary>
    public required string State { get; init; }
    /// <summary>Element order of every composition.</summary>
    public required string[] Elements { get; init; }
    /// <summary>Planned EELS measurements.</summary>
    public required int Iterations { get; init; }
    /// <summary>EELS measurements recorded.</summary>
    public required int Measurements { get; init; }
    /// <summary>Particles found and quantified by EDX.</summary>
    public required int ParticlesQuantified { get; init; }
    /// <summary>Of <see cref="ParticlesQuantified"/>, those SAM segmented (the rest the classical detector found).</summary>
    public int ParticlesBySam { get; init; }
    /// <summary>Region visits whose overview or particle detection failed (recorded with their error; the campaign went on).</summary>
    public int FailedVisits { get; init; }
    /// <summary>Surveyed region visits (overview and detection succeeded).</summary>
    public int SurveyedVisits { get; init; }
    /// <summary>Of <see cref="SurveyedVisits"/>, those in which SAM found at least one quantified particle.</summary>
    public int VisitsWithSamParticles { get; init; }
    /// <summary>Distinct regions (FoVs) visited.</summary>
    public required int RegionsVisited { get; init; }
    /// <summary>Stage moves between regions.</summary>
    public required int RegionChanges { get; init; }
    /// <summary>Instrument seconds from campaign start to the last measurement.</summary>
    public required double InstrumentSeconds { get; init; }
    /// <summary>Wall seconds of this process's run (a resumed campaign counts only the last run).</summary>
    public required double WallSeconds { get; init; }
    /// <summary>Mean predictive σ over the evaluation set, per iteration.</summary>
    public required double[] MeanPredictiveSigma { get; init; }
    /// <summary>Mean absolute error against ground truth per iteration (null without ground truth).</summary>
    public double[]? AbsError { get; init; }
    /// <summary>Instrument seconds at each iteration.</summary>
    public required double[] InstrumentSecondsPerIteration { get; init; }
    /// <summary>Region index of each iteration's measurement.</summary>
    public required int[] RegionPerIteration { get; init; }
    /// <summary>Outbox messages the broker acknowledged (QoS 1 PUBACK).</summary>
    public required int MqttEventsPublished { get; init; }
    /// <summary>Particle detector used.</summary>
    public required string Detector { get; init; }
    /// <summary>Acquisition function.</summary>
    public required string AcquisitionFunction { get; init; }
    /// <summary>Times the campaign was resumed from the store.</summary>
    public required int Resumes { get; init; }
}

/// <summary>Source-generated JSON for the reports (snake_case, AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CampaignSummary))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
