namespace EdgeCtl.Policy;

/// <summary>
/// Where to move the stage (section III, after eq 17: "the destination is chosen by the same trade-off").
/// Each eligible region r is scored like eq 4, gain_r / C_move(d_r), with d_r the Chebyshev distance between
/// tile centres and C_move from eq 6. gain_r is E_gain (eqs 11–15) for an unvisited region; for a visited one,
/// its <see cref="RegionInfo.BestRemainingAcquisition"/> if given, else the expected best of its
/// <see cref="RegionInfo.RemainingCandidates"/> prior draws. The current region and visited regions with nothing
/// left are never chosen. Under uniform density every unvisited region has the same gain, so the nearest wins.
/// Ties go to the shorter distance, then to the earlier entry. Allocation-free.
/// </summary>
public static class DestinationSelector
{
    /// <summary>Chooses the destination; RegionIndex −1 when none qualifies.</summary>
    /// <param name="regions">All regions (the current one included).</param>
    /// <param name="currentRegion"><see cref="RegionInfo.Index"/> of the current region.</param>
    /// <param name="motion">Eqs 5–6 parameters.</param>
    /// <param name="unvisitedGain">E_gain of an unvisited region.</param>
    /// <param name="bank">Evaluated bank, for visited regions without a known best acquisition.</param>
    /// <exception cref="ArgumentException">The current region is not in <paramref name="regions"/> or a count is negative.</exception>
    public static DestinationChoice Choose(ReadOnlySpan<RegionInfo> regions, int currentRegion, MotionCostModel motion,
        double unvisitedGain, SwitchGainBank bank)
    {
        int cur = -1;
        for (int i = 0; i < regions.Length; i++)
            if (regions[i].Index == currentRegion) { cur = i; break; }
        if (cur < 0)
            throw new ArgumentException($"The current region {currentRegion} is not among the {regions.Length} regions given.", nameof(currentRegion));
        double cx = regions[cur].CenterXUm, cy = regions[cur].CenterYUm;
        var best = new DestinationChoice(-1, double.NaN, double.NaN, double.NaN, double.NegativeInfinity);
        for (int i = 0; i < regions.Length; i++)
        {
            RegionInfo r = regions[i];
            if (r.Index == currentRegion) continue;
            double gain;
            if (r.Visited)
            {
                if (r.RemainingCandidates < 0)
                    throw new ArgumentException($"Region {r.Index} has RemainingCandidates = {r.RemainingCandidates}; expected ≥ 0.", nameof(regions));
                if (r.RemainingCandidates == 0) continue;
                gain = double.IsNaN(r.BestRemainingAcquisition) ? bank.ExpectedBestOf(r.RemainingCandidates) : r.BestRemainingAcquisition;
            }
            else
            {
                gain = unvisitedGain;
            }
            double dist = MotionCostModel.DistanceUm(r.CenterXUm - cx, r.CenterYUm - cy);
            double cost = motion.MoveCost(dist);
            double score = gain / cost;
            if (best.RegionIndex < 0 || score > best.Score || (score == best.Score && dist < best.DistanceUm))
                best = new DestinationChoice(r.Index, gain, cost, dist, score);
        }
        return best;
    }
}
