using System.Runtime.CompilerServices;

namespace EdgeCtl.Policy;

/// <summary>
/// Isotropic stationary kernels k(r) evaluated from the squared Euclidean distance r² between two compositions.
/// Allocation-free; used on the per-decision hot path.
/// </summary>
public static class CovarianceFunction
{
    private const double Sqrt5 = 2.2360679774997896964;

    /// <summary>
    /// k(r) for <paramref name="kind"/>: Matérn 5/2, s²(1 + √5 r/ℓ + 5r²/(3ℓ²)) exp(−√5 r/ℓ) (Rasmussen &amp; Williams eq 4.17),
    /// or RBF, s² exp(−r²/(2ℓ²)) (eq 4.9).
    /// </summary>
    /// <param name="kind">Kernel family.</param>
    /// <param name="squaredDistance">r² ≥ 0 in composition units².</param>
    /// <param name="lengthScale">ℓ &gt; 0.</param>
    /// <param name="signalVariance">s² &gt; 0.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Evaluate(KernelKind kind, double squaredDistance, double lengthScale, double signalVariance)
    {
        if (kind == KernelKind.Rbf)
            return signalVariance * Math.Exp(-0.5 * squaredDistance / (lengthScale * lengthScale));
        double r = Math.Sqrt(squaredDistance) / lengthScale;
        double s = Sqrt5 * r;
        return signalVariance * (1.0 + s + s * s / 3.0) * Math.Exp(-s);
    }

    /// <summary>Squared Euclidean distance between two points of equal length D.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }
}
