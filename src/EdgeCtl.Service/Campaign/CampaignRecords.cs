using EdgeCtl.Policy;
using EdgeCtl.Service.Store;

namespace EdgeCtl.Service.Campaign;

/// <summary>Maps policy decisions to store records.</summary>
public static class CampaignRecords
{
    /// <summary>The store record of <paramref name="d"/>; seed choices carry NaN scores, stored as NULL.</summary>
    public static DecisionRecord Decision(int iteration, PolicyDecision d, long? particleId, double instrumentSeconds) =>
        new(iteration, d.Kind == DecisionKind.SwitchRegion ? "switch" : double.IsNaN(d.Score) ? "seed" : "measure",
            particleId, d.Score, d.Acquisition, d.MoveCost, d.RegionOfViewValue, d.StayValue, d.ExpectedSwitchGain,
            d.SwitchCost, d.SwitchValue, d.Kind == DecisionKind.SwitchRegion ? d.DestinationRegion : null, instrumentSeconds);
}
