using EdgeCtl.Policy;
using Xunit;

namespace EdgeCtl.Policy.Tests;

public class AcquisitionFunctionTests
{
    private static readonly double[] Mean = [1.0, 2.0, 0.5, 3.0];
    private static readonly double[] Var = [0.25, 1.0, 0.0, 4.0];

    [Fact]
    public void MaxUncertainty_IsSigma()
    {
        var a = new double[4];
        AcquisitionFunction.Evaluate(AcquisitionKind.MaxUncertainty, Mean, Var, 0, 0, 0, a);
        Assert.Equal([0.5, 1.0, 0.0, 2.0], a);
    }

    [Fact]
    public void Ucb_IsMeanPlusSqrtBetaSigma()
    {
        var a = new double[4];
        AcquisitionFunction.Evaluate(AcquisitionKind.UpperConfidenceBound, Mean, Var, 0, 4.0, 0, a);
        Assert.Equal([2.0, 4.0, 0.5, 7.0], a);
    }

    [Fact]
    public void ExpectedImprovement_MatchesClosedFormByHand()
    {
        // u = 0, σ = 1: EI = φ(0) = 1/√(2π)
        Assert.Equal(0.3989422804014327, AcquisitionFunction.ExpectedImprovement(2.0, 1.0, 2.0, 0.0), 14);
        // u = 1, σ = 1: Φ(1) + φ(1) = 0.8413447460685429 + 0.24197072451914337
        Assert.Equal(1.0833154705876864, AcquisitionFunction.ExpectedImprovement(3.0, 1.0, 2.0, 0.0), 13);
        // ξ shifts the improvement threshold: u = 3 − 2 − 1 = 0
        Assert.Equal(0.3989422804014327, AcquisitionFunction.ExpectedImprovement(3.0, 1.0, 2.0, 1.0), 14);
        // σ = 0: max(u, 0)
        Assert.Equal(0.7, AcquisitionFunction.ExpectedImprovement(2.7, 0.0, 2.0, 0.0), 14);
        Assert.Equal(0.0, AcquisitionFunction.ExpectedImprovement(1.0, 0.0, 2.0, 0.0));
        // deep left tail stays positive and tiny, not negative through cancellation
        double tail = AcquisitionFunction.ExpectedImprovement(-10.0, 1.0, 0.0, 0.0);
        Assert.InRange(tail, 0, 1e-23);
    }

    [Fact]
    public void ExpectedImprovement_AgreesWithNumericalIntegration()
    {
        double mu = 0.3, sigma = 0.7, fStar = 0.5, xi = 0.05;
        // ∫ max(f − f* − ξ, 0) N(f; μ, σ²) df by the trapezoid rule on ±12σ
        double sum = 0, h = 1e-4;
        for (double f = mu - 12 * sigma; f <= mu + 12 * sigma; f += h)
            sum += Math.Max(f - fStar - xi, 0) * Math.Exp(-0.5 * (f - mu) * (f - mu) / (sigma * sigma)) / (sigma * Math.Sqrt(2 * Math.PI)) * h;
        Assert.Equal(sum, AcquisitionFunction.ExpectedImprovement(mu, sigma, fStar, xi), 6);
    }

    [Fact]
    public void NormalCdf_Tails()
    {
        Assert.Equal(0.5, AcquisitionFunction.NormalCdf(0), 15);
        Assert.Equal(0.9772498680518208, AcquisitionFunction.NormalCdf(2), 14);
        Assert.InRange(AcquisitionFunction.NormalCdf(-10) / 7.619853024160527e-24, 1 - 1e-12, 1 + 1e-12);
    }

    [Fact]
    public void BatchEvaluation_AllocatesNothing()
    {
        var a = new double[4];
        AcquisitionFunction.Evaluate(AcquisitionKind.ExpectedImprovement, Mean, Var, 1.5, 0, 0.01, a);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 3; k++)
            AcquisitionFunction.Evaluate((AcquisitionKind)k, Mean, Var, 1.5, 4, 0.01, a);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            AcquisitionFunction.Evaluate(AcquisitionKind.MaxUncertainty, Mean, new double[3], 0, 0, 0, new double[4]));
    }
}
