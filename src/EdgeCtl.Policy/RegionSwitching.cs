namespace EdgeCtl.Policy;

/// <summary>The stay-or-switch arithmetic of eqs 7, 9, 16 and 17 (eq 8 is in <see cref="CostAwareSelection"/>,
/// eqs 11–15 in <see cref="PoissonMaxExpectation"/> and <see cref="Novelty"/>).</summary>
public static class RegionSwitching
{
    /// <summary>
    /// Eq 7: R_FoV = 1 − N_meas / N_tot, the fraction of the FoV's particles still unmeasured, in [0, 1];
    /// 0 for an empty FoV (N_tot = 0).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative counts or N_meas &gt; N_tot.</exception>
    public static double RegionOfViewValue(int measuredInRegion, int totalInRegion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(measuredInRegion);
        ArgumentOutOfRangeException.ThrowIfNegative(totalInRegion);
        if (measuredInRegion > totalInRegion)
            throw new ArgumentOutOfRangeException(nameof(measuredInRegion), measuredInRegion,
                $"More particles measured than present in the region ({totalInRegion}).");
        return totalInRegion == 0 ? 0.0 : 1.0 - (double)measuredInRegion / totalInRegion;
    }

    /// <summary>Eq 9: V_stay = R_FoV · G, with G = max over unmeasured candidates of a (eq 8); 0 when G is −∞ (no candidate).</summary>
    public static double StayValue(double regionOfViewValue, double bestAcquisition) =>
        double.IsNegativeInfinity(bestAcquisition) ? 0.0 : regionOfViewValue * bestAcquisition;

    /// <summary>
    /// Eq 16: C_switch = t_switch · V_stay / t_meas — the stay value forgone during the t_switch/t_meas
    /// measurements that the transition time could have held. Acquisition units.
    /// </summary>
    /// <param name="switchSeconds">t_switch ≥ 0, instrument seconds.</param>
    /// <param name="stayValue">V_stay (eq 9).</param>
    /// <param name="measurementSeconds">t_meas &gt; 0, instrument seconds per EELS measurement.</param>
    /// <exception cref="ArgumentOutOfRangeException">t_meas ≤ 0 or t_switch &lt; 0.</exception>
    public static double SwitchCost(double switchSeconds, double stayValue, double measurementSeconds)
    {
        if (!(measurementSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(measurementSeconds), measurementSeconds, "t_meas must be > 0 s.");
        if (!(switchSeconds >= 0)) throw new ArgumentOutOfRangeException(nameof(switchSeconds), switchSeconds, "t_switch must be ≥ 0 s.");
        return switchSeconds * stayValue / measurementSeconds;
    }

    /// <summary>Eq 17: V_switch = E_gain − C_switch; switch when it is &gt; 0.</summary>
    public static double SwitchValue(double expectedGain, double switchCost) => expectedGain - switchCost;
}
