namespace EdgeCtl.Policy;

/// <summary>
/// One FoV-sized tile of the accessible area, as the campaign runner knows it.
/// </summary>
/// <param name="Index">Caller's identifier of the region (matched against <see cref="DecisionContext.CurrentRegion"/>; returned as <see cref="PolicyDecision.DestinationRegion"/>).</param>
/// <param name="CenterXUm">Stage X of the tile centre, µm.</param>
/// <param name="CenterYUm">Stage Y of the tile centre, µm.</param>
/// <param name="Visited">Whether its overview and EDX frame have been acquired.</param>
/// <param name="RemainingCandidates">Unmeasured detected particles (visited regions; ignored otherwise).</param>
/// <param name="BestRemainingAcquisition">
/// Optional: the best acquisition a among a visited region's remaining candidates, if the runner computed it
/// (e.g. with <see cref="CampaignPolicy.Predict"/>). NaN (default) means unknown: the policy then uses the
/// expected best of <see cref="RemainingCandidates"/> prior draws.
/// </param>
public readonly record struct RegionInfo(
    int Index,
    double CenterXUm,
    double CenterYUm,
    bool Visited,
    int RemainingCandidates,
    double BestRemainingAcquisition = double.NaN);
