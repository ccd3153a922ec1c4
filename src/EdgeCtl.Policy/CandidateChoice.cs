namespace EdgeCtl.Policy;

/// <summary>The candidate chosen by eq 4.</summary>
/// <param name="Index">Index into the candidate list, or −1 when it is empty.</param>
/// <param name="Score">S = a / C_move.</param>
/// <param name="Acquisition">a of the chosen candidate.</param>
/// <param name="MoveCost">C_move of the chosen candidate (eq 6).</param>
public readonly record struct CandidateChoice(int Index, double Score, double Acquisition, double MoveCost);
