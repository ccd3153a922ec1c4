using EdgeCtl.Policy;
using Xunit;

namespace EdgeCtl.Policy.Tests;

public class SwitchGainBankTests
{
    private const int D = 3;

    private static GaussianProcess Gp(out double[] measured, int n, ulong seed)
    {
        var rng = new PolicyRandom(seed);
        var gp = new GaussianProcess(D, KernelKind.Matern52, new GpHyperparameters(0.25, 1.0, 1e-4));
        measured = new double[n * D];
        for (int i = 0; i < n; i++)
        {
            rng.NextSimplexPoint(measured.AsSpan(i * D, D));
            gp.AddObservation(measured.AsSpan(i * D, D), Math.Cos(5 * measured[i * D]));
        }
        return gp;
    }

    /// <summary>Reference: ã(c) = a(c)(1 + λ n(c)) per bank point with Predict and <see cref="Novelty.Value"/>, sorted.</summary>
    private static double[] Reference(SwitchGainBank bank, GaussianProcess gp, PolicyOptions o, double[] measured)
    {
        var comps = bank.UniformCompositions.ToArray();
        var r = new double[bank.Size];
        for (int j = 0; j < bank.Size; j++)
        {
            var c = comps.AsSpan(j * D, D);
            gp.Predict(c, out double m, out double v);
            var a = new double[1];
            AcquisitionFunction.Evaluate(o.Acquisition, [m], [v], gp.BestTarget, o.UcbBeta, o.EiXi, a);
            r[j] = Novelty.Augment(a[0], Novelty.Value(c, measured, o.NoveltyLengthScale), o.NoveltyWeight);
        }
        Array.Sort(r);
        return r;
    }

    [Theory]
    [InlineData(AcquisitionKind.MaxUncertainty)]
    [InlineData(AcquisitionKind.ExpectedImprovement)]
    public void UniformBank_MatchesPointwiseEqs14And15_ThroughCacheUpdatesAndResets(AcquisitionKind kind)
    {
        var o = new PolicyOptions { Acquisition = kind };
        var gp = Gp(out var measured, 12, 1);
        var bank = new SwitchGainBank(D, 300, new PolicyRandom(4));

        bank.Evaluate(gp, o, measured.AsSpan(0, 8 * D));            // first 8 measured
        AssertClose(Reference(bank, gp, o, measured[..(8 * D)]), bank.SortedValues);
        bank.Evaluate(gp, o, measured);                              // extension: incremental novelty cache
        AssertClose(Reference(bank, gp, o, measured), bank.SortedValues);
        var other = (double[])measured.Clone();
        other[0] = 0.9; other[1] = 0.05; other[2] = 0.05;            // not an extension: cache rebuilt
        bank.Evaluate(gp, o, other);
        AssertClose(Reference(bank, gp, o, other), bank.SortedValues);
        bank.Evaluate(gp, o, []);                                    // nothing measured: n = 1 everywhere
        AssertClose(Reference(bank, gp, o, []), bank.SortedValues);
    }

    [Fact]
    public void ExpectedGain_IsTheClosedFormOverTheSortedBank()
    {
        var o = new PolicyOptions();
        var gp = Gp(out var measured, 5, 2);
        var bank = new SwitchGainBank(D, 128, new PolicyRandom(9));
        bank.Evaluate(gp, o, measured);
        var sorted = bank.SortedValues.ToArray();
        Assert.Equal(PoissonMaxExpectation.ExpectedMaxPoisson(sorted, 18), bank.ExpectedGain(18), 14);
        Assert.Equal(PoissonMaxExpectation.ExpectedMaxFixedCount(sorted, 3), bank.ExpectedBestOf(3), 14);
        Assert.Equal(PoissonMaxExpectation.ExpectedMaxFixedCount(sorted, 300), bank.ExpectedBestOf(300), 14);
        Assert.InRange(bank.ExpectedGain(18), sorted[^20], sorted[^1]);
    }

    [Fact]
    public void EmpiricalBank_DrawsNearMeasuredCompositions()
    {
        var gp = Gp(out var measured, 6, 3);
        gp.Predict([10.0, 10.0, 10.0], out _, out double priorVar);
        double sigmaPrior = Math.Sqrt(priorVar);
        var bank = new SwitchGainBank(D, 200, new PolicyRandom(5));

        // h = 0: a pure bootstrap of measured points — novelty 0 and σ ≈ noise level at every draw.
        bank.Evaluate(gp, new PolicyOptions { Prior = PriorKind.Empirical, EmpiricalSmoothing = 0 }, measured);
        Assert.All(bank.SortedValues.ToArray(), v => Assert.InRange(v, 0, 0.05 * sigmaPrior));

        // h = 0.1: draws lie within h·√2 of a measured point, so n ≤ 1 − exp(−0.1√2 / d_0) (eq 14).
        bank.Evaluate(gp, new PolicyOptions { Prior = PriorKind.Empirical, EmpiricalSmoothing = 0.1 }, measured);
        double bound = sigmaPrior * (1 + 0.5 * (1 - Math.Exp(-0.1 * Math.Sqrt(2) / 0.1)));
        Assert.All(bank.SortedValues.ToArray(), v => Assert.InRange(v, 0, bound));
        Assert.True(bank.SortedValues[^1] > 0.05 * sigmaPrior);

        // Nothing measured: falls back to the uniform bank.
        var uniform = new SwitchGainBank(D, 200, new PolicyRandom(5));
        uniform.Evaluate(gp, new PolicyOptions(), []);
        bank.Evaluate(gp, new PolicyOptions { Prior = PriorKind.Empirical }, []);
        Assert.Equal(uniform.SortedValues.ToArray(), bank.SortedValues.ToArray());
    }

    private static void AssertClose(double[] expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.InRange(Math.Abs(expected[i] - actual[i]), 0, 1e-9);
    }
}
