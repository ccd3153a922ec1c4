using EdgeCtl.Policy;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace EdgeCtl.Policy.Tests;

public class GaussianProcessTests
{
    private static double Rbf(double r2, double l, double s2) => s2 * Math.Exp(-0.5 * r2 / (l * l));

    [Fact]
    public void OneObservation_MatchesHandComputedPosterior()
    {
        // Zero-mean GP, RBF, ℓ = 0.5, s² = 2, σn² = 0.1, one observation y = 3 at x1 = (0.2, 0.8).
        var gp = new GaussianProcess(2, KernelKind.Rbf, new GpHyperparameters(0.5, 2.0, 0.1), standardizeTargets: false);
        gp.AddObservation([0.2, 0.8], 3.0);
        double[] x = [0.5, 0.5];
        double r2 = 0.09 + 0.09;
        double k = 2.0 * Math.Exp(-0.5 * r2 / 0.25);          // k(x, x1)
        double expectedMean = k / 2.1 * 3.0;                  // k (s² + σn²)⁻¹ y
        double expectedVar = 2.0 - k * k / 2.1;               // s² − k² / (s² + σn²)
        gp.Predict(x, out double mean, out double variance);
        Assert.Equal(expectedMean, mean, 12);
        Assert.Equal(expectedVar, variance, 12);
        // LML = −½ y²/(s²+σn²) − ½ log(s²+σn²) − ½ log 2π
        Assert.Equal(-0.5 * 9.0 / 2.1 - 0.5 * Math.Log(2.1) - 0.5 * Math.Log(2 * Math.PI), gp.LogMarginalLikelihood, 12);
    }

    [Fact]
    public void TwoObservations_MatchTwoByTwoInverse()
    {
        var h = new GpHyperparameters(0.3, 1.5, 0.05);
        var gp = new GaussianProcess(2, KernelKind.Rbf, h, standardizeTargets: false);
        double[] x1 = [0.1, 0.9], x2 = [0.6, 0.4], x = [0.3, 0.7];
        gp.AddObservation(x1, 1.0);
        gp.AddObservation(x2, -2.0);
        double a = 1.5 + 0.05, b = Rbf(0.5, 0.3, 1.5);        // K + σ²I = [[a, b], [b, a]]
        double det = a * a - b * b;
        double k1 = Rbf(0.08, 0.3, 1.5), k2 = Rbf(0.18, 0.3, 1.5);
        // (K+σ²I)⁻¹ = [[a, −b], [−b, a]] / det
        double w1 = (a * k1 - b * k2) / det, w2 = (-b * k1 + a * k2) / det;
        gp.Predict(x, out double mean, out double variance);
        Assert.Equal(w1 * 1.0 + w2 * -2.0, mean, 12);
        Assert.Equal(1.5 - (k1 * w1 + k2 * w2), variance, 12);
    }

    [Fact]
    public void NearNoiseFree_InterpolatesTrainingPoints()
    {
        var rng = new PolicyRandom(7);
        var gp = new GaussianProcess(3, KernelKind.Matern52, new GpHyperparameters(0.4, 1.0, 1e-10));
        var xs = new double[20 * 3];
        var ys = new double[20];
        for (int i = 0; i < 20; i++)
        {
            rng.NextSimplexPoint(xs.AsSpan(i * 3, 3));
            ys[i] = Math.Sin(5 * xs[i * 3]) + xs[i * 3 + 1];
            gp.AddObservation(xs.AsSpan(i * 3, 3), ys[i]);
        }
        for (int i = 0; i < 20; i++)
        {
            gp.Predict(xs.AsSpan(i * 3, 3), out double m, out double v);
            Assert.Equal(ys[i], m, 5);
            Assert.True(v < 1e-6, $"variance at training point {i} = {v}");
        }
    }

    [Theory]
    [InlineData(KernelKind.Matern52)]
    [InlineData(KernelKind.Rbf)]
    public void IncrementalUpdate_EqualsBatchFactorisation_AndDenseReference(KernelKind kernel)
    {
        const int d = 4, n = 60;
        var rng = new PolicyRandom(11);
        var h = new GpHyperparameters(0.25, 1.3, 1e-3);
        var gp = new GaussianProcess(d, kernel, h, initialCapacity: 4); // forces several doublings
        var xs = new double[n * d];
        var ys = new double[n];
        for (int i = 0; i < n; i++)
        {
            rng.NextSimplexPoint(xs.AsSpan(i * d, d));
            ys[i] = Math.Cos(4 * xs[i * d]) * 3 + 2 * xs[i * d + 2] + 10;
            gp.AddObservation(xs.AsSpan(i * d, d), ys[i]);
        }
        var batch = GaussianProcess.Import(gp.ExportState());

        // Dense reference with MathNet: standardised targets, K + σ²I, Cholesky solve.
        double mu = ys.Average();
        double sd = Math.Sqrt(ys.Sum(y => (y - mu) * (y - mu)) / (n - 1));
        var K = Matrix<double>.Build.Dense(n, n, (i, j) =>
            CovarianceFunction.Evaluate(kernel, Sq(xs.AsSpan(i * d, d), xs.AsSpan(j * d, d)), h.LengthScale, h.SignalVariance)
            + (i == j ? h.NoiseVariance : 0));
        var chol = K.Cholesky();
        var yStd = Vector<double>.Build.Dense(n, i => (ys[i] - mu) / sd);
        var alpha = chol.Solve(yStd);
        double refLml = -0.5 * yStd.DotProduct(alpha) - 0.5 * chol.DeterminantLn - 0.5 * n * Math.Log(2 * Math.PI);
        Assert.Equal(refLml, gp.LogMarginalLikelihood, 8);
        Assert.Equal(refLml, batch.LogMarginalLikelihood, 8);

        const int q = 37;
        var test = new double[q * d];
        for (int p = 0; p < q; p++) rng.NextSimplexPoint(test.AsSpan(p * d, d));
        var m1 = new double[q]; var v1 = new double[q];
        var m2 = new double[q]; var v2 = new double[q];
        gp.PredictMany(test, m1, v1);
        batch.PredictMany(test, m2, v2);
        for (int p = 0; p < q; p++)
        {
            Assert.InRange(Math.Abs(m1[p] - m2[p]), 0, 1e-9);
            Assert.InRange(Math.Abs(v1[p] - v2[p]), 0, 1e-9);
            var ks = Vector<double>.Build.Dense(n, j =>
                CovarianceFunction.Evaluate(kernel, Sq(test.AsSpan(p * d, d), xs.AsSpan(j * d, d)), h.LengthScale, h.SignalVariance));
            double refMean = mu + sd * ks.DotProduct(alpha);
            double refVar = (h.SignalVariance - ks.DotProduct(chol.Solve(ks))) * sd * sd;
            Assert.InRange(Math.Abs(m1[p] - refMean), 0, 1e-8);
            Assert.InRange(Math.Abs(v1[p] - refVar), 0, 1e-8);
            // PredictMany (4-way blocked) and Predict agree.
            gp.Predict(test.AsSpan(p * d, d), out double ms, out double vs);
            Assert.InRange(Math.Abs(m1[p] - ms), 0, 1e-12);
            Assert.InRange(Math.Abs(v1[p] - vs), 0, 1e-12);
        }
    }

    [Fact]
    public void Refit_IncreasesLogMarginalLikelihood_AndIsDeterministic()
    {
        const int d = 3, n = 40;
        var rng = new PolicyRandom(3);
        var start = new GpHyperparameters(0.02, 0.05, 0.5); // badly wrong
        var a = new GaussianProcess(d, KernelKind.Matern52, start);
        var b = new GaussianProcess(d, KernelKind.Matern52, start);
        var x = new double[d];
        for (int i = 0; i < n; i++)
        {
            rng.NextSimplexPoint(x);
            double y = Math.Sin(6 * x[0]) + 0.5 * Math.Cos(4 * x[1]);
            a.AddObservation(x, y);
            b.AddObservation(x, y);
        }
        double before = a.LogMarginalLikelihood;
        double after = a.Refit(restarts: 3, seed: 42);
        Assert.True(after > before + 1, $"LML {before} → {after}");
        Assert.Equal(after, a.LogMarginalLikelihood);
        Assert.Equal(a.EvaluateLogMarginalLikelihood(a.Hyperparameters), after, 9);
        Assert.NotEqual(start, a.Hyperparameters);
        var bounds = a.Bounds;
        Assert.InRange(a.Hyperparameters.LengthScale, bounds.MinLengthScale, bounds.MaxLengthScale);
        Assert.InRange(a.Hyperparameters.NoiseVariance, bounds.MinNoiseVariance, bounds.MaxNoiseVariance);
        b.Refit(restarts: 3, seed: 42);
        Assert.Equal(a.Hyperparameters, b.Hyperparameters);
    }

    [Fact]
    public void EmptyGp_PredictsPrior()
    {
        var gp = new GaussianProcess(2, KernelKind.Matern52, new GpHyperparameters(0.2, 1.7, 1e-4));
        gp.Predict([0.3, 0.7], out double m, out double v);
        Assert.Equal(0, m);
        Assert.Equal(1.7, v, 12);
        Assert.Equal(0, gp.LogMarginalLikelihood);
    }

    [Fact]
    public void Standardisation_MakesPredictionsScaleEquivariant()
    {
        var h = new GpHyperparameters(0.3, 1.0, 1e-3);
        var g1 = new GaussianProcess(2, KernelKind.Matern52, h);
        var g2 = new GaussianProcess(2, KernelKind.Matern52, h);
        double[][] pts = [[0.1, 0.9], [0.4, 0.6], [0.8, 0.2], [0.55, 0.45]];
        double[] ys = [1, 3, -2, 0.5];
        for (int i = 0; i < pts.Length; i++)
        {
            g1.AddObservation(pts[i], ys[i]);
            g2.AddObservation(pts[i], 100 + 10 * ys[i]);
        }
        g1.Predict([0.3, 0.7], out double m1, out double v1);
        g2.Predict([0.3, 0.7], out double m2, out double v2);
        Assert.Equal(100 + 10 * m1, m2, 9);
        Assert.Equal(100 * v1, v2, 9);
    }

    [Fact]
    public void BadInput_IsRejectedWithClearErrors()
    {
        var gp = new GaussianProcess(3, KernelKind.Matern52, GpHyperparameters.Default);
        var e = Assert.Throws<ArgumentException>(() => gp.AddObservation([0.5, 0.5], 1));
        Assert.Contains("expected D = 3", e.Message);
        Assert.Throws<ArgumentException>(() => gp.AddObservation([0.2, 0.3, 0.5], double.NaN));
        Assert.Throws<ArgumentException>(() => gp.PredictMany(new double[7], new double[3], new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianProcess(2, KernelKind.Rbf, new GpHyperparameters(0, 1, 1)));
        Assert.Throws<ArgumentException>(() => GaussianProcess.Import(new GpState(3, KernelKind.Rbf, GpHyperparameters.Default, true, new double[5], new double[2])));
        Assert.Equal(0, gp.Count); // nothing recorded by the failed calls
    }

    [Fact]
    public void PredictMany_AllocatesNothing()
    {
        var rng = new PolicyRandom(5);
        var gp = new GaussianProcess(5, KernelKind.Matern52, GpHyperparameters.Default);
        var x = new double[5];
        for (int i = 0; i < 100; i++) { rng.NextSimplexPoint(x); gp.AddObservation(x, x[0]); }
        var pts = new double[50 * 5];
        for (int p = 0; p < 50; p++) rng.NextSimplexPoint(pts.AsSpan(p * 5, 5));
        var m = new double[50]; var v = new double[50];
        gp.PredictMany(pts, m, v);
        long before = GC.GetAllocatedBytesForCurrentThread();
        gp.PredictMany(pts, m, v);
        gp.Predict(pts.AsSpan(0, 5), out _, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double Sq(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }
}
