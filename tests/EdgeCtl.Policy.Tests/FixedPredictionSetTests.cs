using EdgeCtl.Policy;
using Xunit;

namespace EdgeCtl.Policy.Tests;

public class FixedPredictionSetTests
{
    [Theory]
    [InlineData(KernelKind.Matern52, 700)]  // q spans two cache blocks
    [InlineData(KernelKind.Rbf, 33)]
    public void TracksPredictManyThroughAppendsAndRefactorisation(KernelKind kernel, int q)
    {
        const int d = 4;
        var rng = new PolicyRandom(17);
        var gp = new GaussianProcess(d, kernel, new GpHyperparameters(0.3, 1.2, 1e-3), initialCapacity: 4);
        var pts = new double[q * d];
        for (int b = 0; b < q; b++) rng.NextSimplexPoint(pts.AsSpan(b * d, d));
        var set = gp.CreateFixedSet(pts);
        var m1 = new double[q]; var v1 = new double[q];
        var m2 = new double[q]; var v2 = new double[q];
        var x = new double[d];

        set.Predict(m1, v1); // empty GP: prior
        Assert.All(v1, v => Assert.Equal(1.2, v, 12));

        for (int step = 0; step < 5; step++)
        {
            for (int i = 0; i < 1 + step * 7; i++)
            {
                rng.NextSimplexPoint(x);
                gp.AddObservation(x, Math.Sin(5 * x[0]) + x[1] * x[2] * 4);
            }
            if (step == 3) gp.SetHyperparameters(new GpHyperparameters(0.5, 0.7, 1e-2));
            set.Predict(m1, v1);
            gp.PredictMany(pts, m2, v2);
            for (int b = 0; b < q; b++)
            {
                Assert.InRange(Math.Abs(m1[b] - m2[b]), 0, 1e-9);
                Assert.InRange(Math.Abs(v1[b] - v2[b]), 0, 1e-9);
            }
        }
        Assert.True(set.IsFor(gp));
        Assert.False(set.IsFor(GaussianProcess.Import(gp.ExportState())));
    }

    [Fact]
    public void SteadyStatePredict_AllocatesNothing()
    {
        var rng = new PolicyRandom(2);
        var gp = new GaussianProcess(3, KernelKind.Matern52, GpHyperparameters.Default);
        var x = new double[3];
        for (int i = 0; i < 30; i++) { rng.NextSimplexPoint(x); gp.AddObservation(x, x[0]); }
        var pts = new double[64 * 3];
        for (int b = 0; b < 64; b++) rng.NextSimplexPoint(pts.AsSpan(b * 3, 3));
        var set = gp.CreateFixedSet(pts);
        var m = new double[64]; var v = new double[64];
        set.Predict(m, v);
        rng.NextSimplexPoint(x);
        gp.AddObservation(x, 1.0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        set.Predict(m, v); // one-row catch-up
        set.Predict(m, v);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
