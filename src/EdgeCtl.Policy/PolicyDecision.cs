namespace EdgeCtl.Policy;

/// <summary>
/// The outcome of one <see cref="CampaignPolicy.Decide"/> with every term of eqs 4–17, for the campaign store
/// and the MQTT event. Values not defined for the decision (e.g. the candidate of an empty FoV) are NaN / −1.
/// </summary>
/// <param name="Kind">Measure a candidate or switch region.</param>
/// <param name="CandidateIndex">Best candidate by eq 4 (index into <see cref="DecisionContext.CandidateCompositions"/>), −1 if none.</param>
/// <param name="Score">S = a / C_move of that candidate (eq 4).</param>
/// <param name="Acquisition">Its acquisition a.</param>
/// <param name="MoveCost">Its C_move (eq 6).</param>
/// <param name="RegionOfViewValue">R_FoV (eq 7).</param>
/// <param name="StayValue">V_stay = R_FoV · G (eqs 8–9).</param>
/// <param name="ExpectedSwitchGain">E_gain of the chosen destination (eqs 11–15 for an unvisited one; see <see cref="DestinationSelector"/>).</param>
/// <param name="SwitchCost">C_switch (eq 16), with t_switch for the chosen destination.</param>
/// <param name="SwitchValue">V_switch = E_gain − C_switch (eq 17).</param>
/// <param name="DestinationRegion">The best destination's <see cref="RegionInfo.Index"/> (also reported when staying), −1 if none remains.</param>
public readonly record struct PolicyDecision(
    DecisionKind Kind,
    int CandidateIndex,
    double Score,
    double Acquisition,
    double MoveCost,
    double RegionOfViewValue,
    double StayValue,
    double ExpectedSwitchGain,
    double SwitchCost,
    double SwitchValue,
    int DestinationRegion);
