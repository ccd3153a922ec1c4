using EdgeCtl.Policy;
using Xunit;

namespace EdgeCtl.Policy.Tests;

public class PoissonMaxExpectationTests
{
    [Fact]
    public void TwoValueBank_ByHand()
    {
        double[] bank = [1.0, 2.0];
        // E = 2 (1 − e^{−m/2}) + 1 (e^{−m/2} − e^{−m}), m = 2
        double expected = 2 * (1 - Math.Exp(-1)) + (Math.Exp(-1) - Math.Exp(-2));
        Assert.Equal(expected, PoissonMaxExpectation.ExpectedMaxPoisson(bank, 2.0), 14);
        Assert.Equal(0.0, PoissonMaxExpectation.ExpectedMaxPoisson(bank, 0.0));
        // Exactly K = 2 draws: 2 (1 − 1/4) + 1 (1/4)
        Assert.Equal(1.75, PoissonMaxExpectation.ExpectedMaxFixedCount(bank, 2), 14);
        Assert.Equal(1.5, PoissonMaxExpectation.ExpectedMaxFixedCount(bank, 1), 14);
        Assert.Equal(0.0, PoissonMaxExpectation.ExpectedMaxFixedCount(bank, 0));
    }

    [Fact]
    public void LargeCount_ApproachesBankMaximum()
    {
        double[] bank = [0.1, 0.2, 0.3, 5.0];
        Assert.Equal(5.0, PoissonMaxExpectation.ExpectedMaxPoisson(bank, 1e4), 10);
        Assert.Equal(5.0, PoissonMaxExpectation.ExpectedMaxFixedCount(bank, 10000), 10);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(18.0)] // ρA of the paper: 0.02 µm⁻² × 900 µm²
    public void ClosedForm_MatchesMonteCarloSampling(double m)
    {
        var rng = new PolicyRandom(99);
        var bank = new double[512];
        for (int i = 0; i < bank.Length; i++) bank[i] = Math.Pow(rng.NextDouble(), 3) * 2 - 0.1; // skewed, some negative
        Array.Sort(bank);
        double closed = PoissonMaxExpectation.ExpectedMaxPoisson(bank, m);

        // Sampling version of eqs 11–13: N ~ Poisson(m), N draws from the bank, the max (0 if N = 0).
        const int trials = 200_000;
        double sum = 0, sumSq = 0;
        for (int t = 0; t < trials; t++)
        {
            int n = rng.NextPoisson(m);
            double best = n == 0 ? 0 : double.NegativeInfinity;
            for (int k = 0; k < n; k++) best = Math.Max(best, bank[rng.NextInt(bank.Length)]);
            sum += best;
            sumSq += best * best;
        }
        double mean = sum / trials;
        double se = Math.Sqrt((sumSq / trials - mean * mean) / trials);
        Assert.InRange(closed, mean - 5 * se, mean + 5 * se);
    }

    [Fact]
    public void Poisson_SamplerHasTheRightMean()
    {
        var rng = new PolicyRandom(1);
        double s = 0;
        for (int i = 0; i < 100_000; i++) s += rng.NextPoisson(7.5);
        Assert.InRange(s / 100_000, 7.5 - 0.05, 7.5 + 0.05);
    }

    [Fact]
    public void Rejects_EmptyBankAndBadCount()
    {
        Assert.Throws<ArgumentException>(() => PoissonMaxExpectation.ExpectedMaxPoisson([], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PoissonMaxExpectation.ExpectedMaxPoisson([1.0], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PoissonMaxExpectation.ExpectedMaxFixedCount([1.0], -1));
    }
}
