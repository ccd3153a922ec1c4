using EdgeCtl.Policy;
using Xunit;

namespace EdgeCtl.Policy.Tests;

/// <summary>
/// The speed paths (eight-row factorisation blocks, eight-point prediction groups, cached distance terms, full-width
/// or blocked fixed-set updates, variance-only bank predictions) must give bit-for-bit the results of the plain paths,
/// so seeded campaigns and simulations do not change with them. Exact equality is asserted on purpose.
/// </summary>
public class BitIdenticalBlockingTests
{
    [Fact]
    public void EightRowBlocks_FactoriseBitIdenticallyToFourRowBlocks()
    {
        const int n = 45; // 5 eight-row blocks + a four-row block + one row
        var a = RandomSpd(n, 3);
        var four = new PackedCholesky(4);
        int i = 0;
        for (; i + 4 <= n; i += 4)
        {
            for (int k = 0; k < 4; k++) a.AsSpan((i + k) * n, i + k).CopyTo(four.PendingRow(k));
            four.SolvePendingBlock4();
            for (int k = 0; k < 4; k++) Assert.True(four.CommitRow(a[(i + k) * n + i + k], solvedColumns: i));
        }
        for (; i < n; i++)
        {
            a.AsSpan(i * n, i).CopyTo(four.BeginRow());
            Assert.True(four.CommitRow(a[i * n + i]));
        }

        var eight = new PackedCholesky(4);
        i = 0;
        for (; i + 8 <= n; i += 8)
        {
            for (int k = 0; k < 8; k++) a.AsSpan((i + k) * n, i + k).CopyTo(eight.PendingRow(k));
            eight.SolvePendingBlock8();
            for (int k = 0; k < 4; k++) Assert.True(eight.CommitRow(a[(i + k) * n + i + k], solvedColumns: i));
            eight.SolvePendingBlockColumns4(i);
            for (int k = 0; k < 4; k++) Assert.True(eight.CommitRow(a[(i + 4 + k) * n + i + 4 + k], solvedColumns: i + 4));
        }
        for (; i + 4 <= n; i += 4)
        {
            for (int k = 0; k < 4; k++) a.AsSpan((i + k) * n, i + k).CopyTo(eight.PendingRow(k));
            eight.SolvePendingBlock4();
            for (int k = 0; k < 4; k++) Assert.True(eight.CommitRow(a[(i + k) * n + i + k], solvedColumns: i));
        }
        for (; i < n; i++)
        {
            a.AsSpan(i * n, i).CopyTo(eight.BeginRow());
            Assert.True(eight.CommitRow(a[i * n + i]));
        }

        Assert.Equal(n, eight.Size);
        for (int r = 0; r < n; r++) Assert.Equal(four.Row(r).ToArray(), eight.Row(r).ToArray());
    }

    [Theory]
    [InlineData(KernelKind.Matern52)]
    [InlineData(KernelKind.Rbf)]
    public void CachedDistanceTerms_GiveTheSameKernelValues(KernelKind kernel)
    {
        var rng = new PolicyRandom(8);
        for (int n = 1; n <= 40; n++)
        {
            var r2 = new double[n];
            for (int j = 0; j < n; j++) r2[j] = 2 * rng.NextDouble();
            var direct = (double[])r2.Clone();
            CovarianceFunction.EvaluateMany(kernel, direct, 0.27, 1.4, new double[n]);
            var terms = (double[])r2.Clone();
            CovarianceFunction.DistanceTerms(kernel, terms);
            var cached = new double[n];
            CovarianceFunction.EvaluateFromDistanceTerms(kernel, terms, 0.27, 1.4, cached, new double[n]);
            Assert.Equal(direct, cached);
        }
    }

    [Theory]
    [InlineData(KernelKind.Matern52)]
    [InlineData(KernelKind.Rbf)]
    public void PredictMany_GroupsOfEight_EqualGroupsOfFour(KernelKind kernel)
    {
        const int d = 5, q = 40;
        var gp = Trained(kernel, d, 70, 4);
        var pts = new double[q * d];
        var rng = new PolicyRandom(6);
        for (int p = 0; p < q; p++) rng.NextSimplexPoint(pts.AsSpan(p * d, d));
        var m = new double[q]; var v = new double[q];
        gp.PredictMany(pts, m, v); // five groups of eight
        var m4 = new double[4]; var v4 = new double[4];
        for (int p = 0; p < q; p += 4)
        {
            gp.PredictMany(pts.AsSpan(p * d, 4 * d), m4, v4); // one group of four
            for (int k = 0; k < 4; k++)
            {
                Assert.Equal(m4[k], m[p + k]);
                Assert.Equal(v4[k], v[p + k]);
            }
        }
    }

    [Fact]
    public void Refactorisation_FromCachedDistances_IsReproducibleBitwise()
    {
        // Import factorises in blocks from the cached terms; a second import of the same state must match exactly,
        // and SetHyperparameters back and forth must restore the same LML bit for bit.
        var gp = Trained(KernelKind.Matern52, 4, 53, 9);
        var a = GaussianProcess.Import(gp.ExportState());
        var b = GaussianProcess.Import(gp.ExportState());
        Assert.Equal(a.LogMarginalLikelihood, b.LogMarginalLikelihood);
        double lml = a.LogMarginalLikelihood;
        var h = a.Hyperparameters;
        a.SetHyperparameters(new GpHyperparameters(0.6, 2.0, 1e-2));
        Assert.NotEqual(lml, a.LogMarginalLikelihood);
        a.SetHyperparameters(h);
        Assert.Equal(lml, a.LogMarginalLikelihood);
        Assert.Equal(lml, a.EvaluateLogMarginalLikelihood(h));
    }

    [Fact]
    public void FixedSet_VarianceOnly_AndUpdateWidth_DoNotChangeResults()
    {
        const int d = 3, q = 300; // not a multiple of the rebuild block
        var gp = Trained(KernelKind.Matern52, d, 20, 12);
        var pts = new double[q * d];
        var rng = new PolicyRandom(13);
        for (int b = 0; b < q; b++) rng.NextSimplexPoint(pts.AsSpan(b * d, d));
        var stepwise = gp.CreateFixedSet(pts);
        var m = new double[q]; var v = new double[q];
        var vOnly = new double[q];
        var x = new double[d];
        stepwise.Predict(m, v); // rebuild over 20 rows, blocked
        for (int i = 0; i < 15; i++)
        {
            rng.NextSimplexPoint(x);
            gp.AddObservation(x, Math.Sin(4 * x[0]) + x[2]);
            stepwise.PredictVariance(vOnly); // one new row, full width
        }
        stepwise.Predict(m, v);
        Assert.Equal(vOnly, v);
        var rebuilt = gp.CreateFixedSet(pts); // all 35 rows, blocked
        var m2 = new double[q]; var v2 = new double[q];
        rebuilt.Predict(m2, v2);
        Assert.Equal(v2, v);
        Assert.Equal(m2, m);
    }

    private static GaussianProcess Trained(KernelKind kernel, int d, int n, ulong seed)
    {
        var rng = new PolicyRandom(seed);
        var gp = new GaussianProcess(d, kernel, new GpHyperparameters(0.3, 1.1, 1e-3), initialCapacity: 4);
        var x = new double[d];
        for (int i = 0; i < n; i++)
        {
            rng.NextSimplexPoint(x);
            gp.AddObservation(x, Math.Cos(5 * x[0]) + 2 * x[1] * x[d - 1]);
        }
        return gp;
    }

    /// <summary>Dense SPD matrix B Bᵀ + n I (row-major n × n).</summary>
    private static double[] RandomSpd(int n, ulong seed)
    {
        var rng = new PolicyRandom(seed);
        var b = new double[n * n];
        for (int i = 0; i < b.Length; i++) b[i] = rng.NextDouble() - 0.5;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = i == j ? n : 0;
                for (int k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
                a[i * n + j] = s;
            }
        return a;
    }
}
