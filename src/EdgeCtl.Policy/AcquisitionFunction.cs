using MathNet.Numerics;
using System.Runtime.CompilerServices;

namespace EdgeCtl.Policy;

/// <summary>
/// Batch acquisition over candidates from GP predictive means and variances. Allocation-free (MathNet's
/// <see cref="SpecialFunctions.Erfc"/> uses static coefficient tables; a test checks 0 B per call).
/// </summary>
public static class AcquisitionFunction
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>Standard normal CDF Φ(z) = ½ erfc(−z/√2), accurate in both tails.</summary>
    public static double NormalCdf(double z) => 0.5 * SpecialFunctions.Erfc(-z * InvSqrt2);

    /// <summary>Standard normal PDF φ(z).</summary>
    public static double NormalPdf(double z) => InvSqrt2Pi * Math.Exp(-0.5 * z * z);

    /// <summary>
    /// Expected improvement for maximisation: with u = μ − f* − ξ and z = u/σ,
    /// EI = u Φ(z) + σ φ(z) for σ &gt; 0, and max(u, 0) for σ = 0. Target units.
    /// </summary>
    public static double ExpectedImprovement(double mean, double sigma, double incumbent, double xi)
    {
        double u = mean - incumbent - xi;
        if (!(sigma > 0)) return Math.Max(u, 0);
        double z = u / sigma;
        return Math.Max(u * NormalCdf(z) + sigma * NormalPdf(z), 0);
    }

    /// <summary>UCB μ + √β σ.</summary>
    public static double UpperConfidenceBound(double mean, double sigma, double beta) => mean + Math.Sqrt(beta) * sigma;

    /// <summary>
    /// a_i for every candidate i: <see cref="AcquisitionKind.MaxUncertainty"/> σ_i,
    /// <see cref="AcquisitionKind.UpperConfidenceBound"/> μ_i + √β σ_i,
    /// <see cref="AcquisitionKind.ExpectedImprovement"/> EI(μ_i, σ_i; f*, ξ).
    /// </summary>
    /// <param name="kind">Acquisition function.</param>
    /// <param name="mean">Predictive means μ_i (length q), target units.</param>
    /// <param name="variance">Predictive variances σ_i² (length q).</param>
    /// <param name="incumbent">f*, best observed target (EI only; a non-finite value, i.e. nothing observed yet, is replaced by 0).</param>
    /// <param name="beta">β ≥ 0 (UCB only).</param>
    /// <param name="xi">ξ ≥ 0 (EI only).</param>
    /// <param name="result">Length ≥ q; receives a_i.</param>
    /// <exception cref="ArgumentException">Length mismatch.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Evaluate(AcquisitionKind kind, ReadOnlySpan<double> mean, ReadOnlySpan<double> variance,
        double incumbent, double beta, double xi, Span<double> result)
    {
        int q = mean.Length;
        if (variance.Length != q) throw new ArgumentException($"variance has length {variance.Length}; expected {q}.", nameof(variance));
        if (result.Length < q) throw new ArgumentException($"result has length {result.Length}; need ≥ {q}.", nameof(result));
        switch (kind)
        {
            case AcquisitionKind.MaxUncertainty:
                for (int i = 0; i < q; i++) result[i] = Math.Sqrt(Math.Max(variance[i], 0));
                break;
            case AcquisitionKind.UpperConfidenceBound:
                double sb = Math.Sqrt(beta);
                for (int i = 0; i < q; i++) result[i] = mean[i] + sb * Math.Sqrt(Math.Max(variance[i], 0));
                break;
            case AcquisitionKind.ExpectedImprovement:
                double f = double.IsFinite(incumbent) ? incumbent : 0.0;
                for (int i = 0; i < q; i++)
                    result[i] = ExpectedImprovement(mean[i], Math.Sqrt(Math.Max(variance[i], 0)), f, xi);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown acquisition kind.");
        }
    }
}
