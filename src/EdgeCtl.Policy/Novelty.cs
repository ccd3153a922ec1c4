namespace EdgeCtl.Policy;

/// <summary>Novelty bonus of eqs 14–15 for the switch-gain estimate. Allocation-free.</summary>
public static class Novelty
{
    /// <summary>
    /// Eq 14: n(c) = 1 − exp(−d(c, C_meas)/d_0), d the Euclidean distance from c to the nearest measured
    /// composition; 1 when nothing is measured yet (d = ∞). In [0, 1).
    /// </summary>
    /// <param name="composition">c, length D.</param>
    /// <param name="measuredFlat">C_meas, m×D row-major (m may be 0).</param>
    /// <param name="lengthScale">d_0 &gt; 0, composition units.</param>
    public static double Value(ReadOnlySpan<double> composition, ReadOnlySpan<double> measuredFlat, double lengthScale)
    {
        int d = composition.Length;
        int m = d == 0 ? 0 : measuredFlat.Length / d;
        if (m == 0) return 1.0;
        double best = double.PositiveInfinity;
        for (int j = 0; j < m; j++)
        {
            double s = CovarianceFunction.SquaredDistance(composition, measuredFlat.Slice(j * d, d));
            if (s < best) best = s;
        }
        return 1.0 - Math.Exp(-Math.Sqrt(best) / lengthScale);
    }

    /// <summary>Eq 15: ã(c) = a(c) (1 + λ_nov n(c)).</summary>
    public static double Augment(double acquisition, double novelty, double weight) => acquisition * (1.0 + weight * novelty);
}
