using EdgeCtl.Realtime;
using EdgeCtl.Inference.Spectroscopy;
using EdgeCtl.Service.Store;

namespace EdgeCtl.Service.Campaign;

/// <summary>Everything the campaign loop works with, composed once by <c>edgectl run</c>.</summary>
/// <param name="CampaignId">Campaign id.</param>
/// <param name="Instrument">Connected devices.</param>
/// <param name="Store">The durable store.</param>
/// <param name="Telemetry">Status, events, alarms and operator commands.</param>
/// <param name="Grid">Regions of the accessible area.</param>
/// <param name="StartRegion">Region of the first visit.</param>
/// <param name="IterationsPlanned">EELS measurements to make.</param>
/// <param name="SeedParticles">Random particles measured before BO (paper: 3).</param>
/// <param name="Seed">Seed of random choices.</param>
/// <param name="Survey">Overview → detection → EDX for a region.</param>
/// <param name="EelsSeconds">EELS acquisition time per particle, s.</param>
/// <param name="StartInstrumentSeconds">Instrument time at campaign start, s.</param>
public sealed record CampaignSetup(
    string CampaignId, InstrumentSession Instrument, CampaignStore Store, CampaignTelemetry Telemetry, RegionGrid Grid,
    int StartRegion, int IterationsPlanned, int SeedParticles, ulong Seed, RegionSurvey Survey, double EelsSeconds,
    double StartInstrumentSeconds)
{
    /// <summary>The campaign's target from an EELS spectrum (docs/rig.md encoding), value and 1σ.</summary>
    public (double Value, double Sigma) ExtractTarget(Spectrum eels)
    {
        var f = EelsTargetFeature.Extract(eels);
        return (f.Value, f.Sigma);
    }
}
