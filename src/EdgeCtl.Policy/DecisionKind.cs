namespace EdgeCtl.Policy;

/// <summary>What <see cref="CampaignPolicy.Decide"/> tells the campaign runner to do next.</summary>
public enum DecisionKind
{
    /// <summary>Measure <see cref="PolicyDecision.CandidateIndex"/> in the current FoV (beam shift or stage move per eq 5).</summary>
    MeasureCandidate = 0,

    /// <summary>Move the stage to <see cref="PolicyDecision.DestinationRegion"/> (eqs 7–17).</summary>
    SwitchRegion = 1,
}
