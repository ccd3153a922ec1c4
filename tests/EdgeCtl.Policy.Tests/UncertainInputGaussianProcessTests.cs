using EdgeCtl.Policy;
using EdgeCtl.Policy.Simulation;
using Xunit;

namespace EdgeCtl.Policy.Tests;

public class UncertainInputGaussianProcessTests
{
    [Fact]
    public void PlaneVariance_FollowsEquation3()
    {
        // σ_tot = 0.03 in 3D: trace of the error covariance 2σ_tot² over 2 plane directions.
        Assert.Equal(0.0009, UncertainInputKernel.PlaneVarianceFromSigmaTotal(0.03, 3), 15);
        Assert.Equal(2 * 0.0009 / 4, UncertainInputKernel.PlaneVarianceFromSigmaTotal(0.03, 5), 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => UncertainInputKernel.PlaneVarianceFromSigmaTotal(-0.01, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => UncertainInputKernel.PlaneVarianceFromSigmaTotal(double.NaN, 3));
    }

    [Fact]
    public void Broaden_IsTheExpectedRbfUnderGaussianPlaneNoise()
    {
        // One point exact, one with τ² = 0.01 in a 2-D plane (D = 3): E[k] = s² ℓ²/(ℓ²+τ²) exp(−r²/(2(ℓ²+τ²))).
        double l = 0.1, s2 = 2, tau2 = 0.01, r2 = 0.02;
        UncertainInputKernel.Broaden(l, s2, tau2, 3, out double le, out double amp);
        double k = CovarianceFunction.Evaluate(KernelKind.Rbf, r2, le, amp);
        Assert.Equal(s2 * (0.01 / 0.02) * Math.Exp(-0.5 * r2 / 0.02), k, 14);
        // The same expectation by Monte Carlo over isotropic noise in the plane x + y + z = 1.
        var rng = new PolicyRandom(7);
        double[] a = [0.5, 0.3, 0.2];
        double[] b = [0.5 + Math.Sqrt(r2 / 2), 0.3 - Math.Sqrt(r2 / 2), 0.2];
        double sum = 0;
        const int draws = 200_000;
        Span<double> e = stackalloc double[3];
        for (int i = 0; i < draws; i++)
        {
            double m = 0;
            for (int j = 0; j < 3; j++) m += e[j] = EdxCompositionNoise.NextGaussian(rng);
            double d2 = 0;
            for (int j = 0; j < 3; j++)
            {
                double noise = (e[j] - m / 3) * Math.Sqrt(tau2); // projected onto the plane: variance τ² in each of its 2 directions
                double t = b[j] + noise - a[j];
                d2 += t * t;
            }
            sum += s2 * Math.Exp(-0.5 * d2 / (l * l));
        }
        Assert.Equal(k, sum / draws, 2);
        // τ = 0 leaves the kernel exactly as it is.
        UncertainInputKernel.Broaden(l, s2, 0, 3, out double l0, out double a0);
        Assert.Equal(l, l0);
        Assert.Equal(s2, a0);
    }

    [Fact]
    public void ZeroInputVariance_GivesTheOrdinaryGpBitForBit()
    {
        var rng = new PolicyRandom(3);
        var plain = new GaussianProcess(3, KernelKind.Matern52, new GpHyperparameters(0.2, 1, 1e-3));
        var zero = new GaussianProcess(3, KernelKind.Matern52, new GpHyperparameters(0.2, 1, 1e-3));
        Span<double> c = stackalloc double[3];
        for (int i = 0; i < 30; i++)
        {
            rng.NextSimplexPoint(c);
            double y = Math.Sin(6 * c[0]) + c[1];
            plain.AddObservation(c, y);
            zero.AddObservation(c, y, 0);
        }
        plain.Refit(2, 5);
        zero.Refit(2, 5);
        Assert.False(zero.HasInputVariance);
        rng.NextSimplexPoint(c);
        plain.Predict(c, out double m1, out double v1);
        zero.Predict(c, out double m2, out double v2);
        Assert.Equal(m1, m2);
        Assert.Equal(v1, v2);
    }

    [Fact]
    public void ModellingEdxNoise_EstimatesTheTargetBetterThanTakingCompositionsAsExact()
    {
        // The paper's simulated setting (IV.3): sum of Gaussians on the 3-D simplex, EDX noise by eqs 2–3 (σ 0.03).
        const int d = 3, n = 150, q = 400;
        double errPlain = 0, errModel = 0;
        var t = new double[d];
        var m = new double[d];
        var s = new double[d];
        for (ulong seed = 1; seed <= 4; seed++)
        {
            var truth = new SumOfGaussians(d, 10, 0.1, new PolicyRandom(seed));
            var rng = new PolicyRandom(100 + seed);
            var plain = new GaussianProcess(d, KernelKind.Rbf, GpHyperparameters.Default);
            var model = new GaussianProcess(d, KernelKind.Rbf, GpHyperparameters.Default);
            for (int i = 0; i < n; i++)
            {
                rng.NextSimplexPoint(t);
                double sigmaTotal = EdxCompositionNoise.Measure(t, 0.03, rng, m, s);
                double y = truth.Evaluate(t);
                plain.AddObservation(m, y);
                model.AddObservation(m, y, UncertainInputKernel.PlaneVarianceFromSigmaTotal(sigmaTotal, d));
            }
            plain.Refit(4, seed);
            model.Refit(4, seed);
            var eval = new double[q * d];
            for (int i = 0; i < q; i++) rng.NextSimplexPoint(eval.AsSpan(i * d, d));
            var mean = new double[q];
            var variance = new double[q];
            plain.PredictMany(eval, mean, variance);
            for (int i = 0; i < q; i++) errPlain += Math.Abs(mean[i] - truth.Evaluate(eval.AsSpan(i * d, d)));
            model.PredictMany(eval, mean, variance);
            for (int i = 0; i < q; i++) errModel += Math.Abs(mean[i] - truth.Evaluate(eval.AsSpan(i * d, d)));
        }
        Assert.True(errModel < 0.98 * errPlain, $"mean abs error with the noise modelled {errModel / (4 * q):F4}, taken as exact {errPlain / (4 * q):F4}");
    }

    [Fact]
    public void ExportImport_KeepsInputVariances()
    {
        var gp = new GaussianProcess(3, KernelKind.Rbf, new GpHyperparameters(0.15, 1, 1e-4));
        var rng = new PolicyRandom(11);
        Span<double> c = stackalloc double[3];
        for (int i = 0; i < 20; i++)
        {
            rng.NextSimplexPoint(c);
            gp.AddObservation(c, c[0] * c[1], 0.001 * (i % 3));
        }
        var copy = GaussianProcess.Import(gp.ExportState());
        Assert.True(copy.HasInputVariance);
        rng.NextSimplexPoint(c);
        gp.Predict(c, out double m1, out double v1);
        copy.Predict(c, out double m2, out double v2);
        Assert.Equal(m1, m2, 12);
        Assert.Equal(v1, v2, 12);
        double[] point = c.ToArray();
        Assert.Throws<ArgumentException>(() => gp.AddObservation(point, 1, -0.1));
    }
}
