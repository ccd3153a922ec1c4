namespace EdgeCtl.Policy;

/// <summary>Cost-aware selection within the current FoV, eq 4. Allocation-free.</summary>
public static class CostAwareSelection
{
    /// <summary>
    /// Eq 4: S(c_i) = a_i(c_i) / C_move(r_i), with C_move from eq 6 at the candidate's distance from the FoV
    /// centre; returns the arg-max (first on ties). Also returns G = max_i a_i (eq 8) through
    /// <paramref name="bestAcquisition"/>.
    /// </summary>
    /// <param name="acquisition">a_i of the n unmeasured candidates.</param>
    /// <param name="distancesUm">Their distances d_i from the current FoV centre, µm (length n).</param>
    /// <param name="motion">Eqs 5–6 parameters.</param>
    /// <param name="bestAcquisition">G = max_i a_i (−∞ when n = 0).</param>
    /// <returns>The best candidate, or Index −1 when n = 0.</returns>
    /// <exception cref="ArgumentException">Length mismatch or invalid distance.</exception>
    public static CandidateChoice SelectBest(ReadOnlySpan<double> acquisition, ReadOnlySpan<double> distancesUm,
        MotionCostModel motion, out double bestAcquisition)
    {
        if (acquisition.Length != distancesUm.Length)
            throw new ArgumentException(
                $"distancesUm has length {distancesUm.Length}; expected one per candidate ({acquisition.Length}).", nameof(distancesUm));
        var best = new CandidateChoice(-1, double.NegativeInfinity, double.NaN, double.NaN);
        bestAcquisition = double.NegativeInfinity;
        for (int i = 0; i < acquisition.Length; i++)
        {
            double a = acquisition[i];
            double c = motion.MoveCost(distancesUm[i]);
            double s = a / c;
            if (a > bestAcquisition) bestAcquisition = a;
            if (s > best.Score || best.Index < 0) best = new CandidateChoice(i, s, a, c);
        }
        return best;
    }
}
