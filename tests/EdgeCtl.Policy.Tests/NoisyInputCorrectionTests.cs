using EdgeCtl.Policy;
using EdgeCtl.Policy.Simulation;
using Xunit;

namespace EdgeCtl.Policy.Tests;

/// <summary>Per-observation noise and target corrections of the GP, and the policy's local linearisation of the EDX
/// composition noise built on them (<see cref="PolicyOptions.GradientInputNoise"/>, <see cref="PolicyOptions.CurvatureCorrection"/>).</summary>
public class NoisyInputCorrectionTests
{
    private const int D = 3;

    private static double[] Points(int n, ulong seed)
    {
        var rng = new PolicyRandom(seed);
        var x = new double[n * D];
        for (int i = 0; i < n; i++) rng.NextSimplexPoint(x.AsSpan(i * D, D));
        return x;
    }

    private static double Bump(ReadOnlySpan<double> c) =>
        Math.Exp(-((c[0] - 0.5) * (c[0] - 0.5) + (c[1] - 0.3) * (c[1] - 0.3) + (c[2] - 0.2) * (c[2] - 0.2)) / (2 * 0.1 * 0.1));

    [Fact]
    public void UniformExtraNoise_EqualsALargerNoiseVariance()
    {
        var x = Points(25, 1);
        var a = new GaussianProcess(D, KernelKind.Rbf, new GpHyperparameters(0.2, 1, 1e-4 + 0.01));
        var b = new GaussianProcess(D, KernelKind.Rbf, new GpHyperparameters(0.2, 1, 1e-4));
        for (int i = 0; i < 25; i++)
        {
            a.AddObservation(x.AsSpan(i * D, D), Bump(x.AsSpan(i * D, D)));
            b.AddObservation(x.AsSpan(i * D, D), Bump(x.AsSpan(i * D, D)), 0, 0.01);
        }
        double[] probe = [0.4, 0.4, 0.2];
        a.Predict(probe, out double ma, out double va);
        b.Predict(probe, out double mb, out double vb);
        Assert.Equal(ma, mb, 10);
        Assert.Equal(va, vb, 10);
        // The same through SetExtraNoiseVariances on a GP built without it.
        var c = new GaussianProcess(D, KernelKind.Rbf, new GpHyperparameters(0.2, 1, 1e-4));
        for (int i = 0; i < 25; i++) c.AddObservation(x.AsSpan(i * D, D), Bump(x.AsSpan(i * D, D)));
        c.SetExtraNoiseVariances(Enumerable.Repeat(0.01, 25).ToArray());
        c.Predict(probe, out double mc, out double vc);
        Assert.Equal(ma, mc, 10);
        Assert.Equal(va, vc, 10);
        Assert.Equal(ma, c.PredictMean(probe), 12);
    }

    [Fact]
    public void ExtraNoiseOnOnePoint_LoosensTheFitThere()
    {
        var x = Points(20, 2);
        var gp = new GaussianProcess(D, KernelKind.Rbf, new GpHyperparameters(0.2, 1, 1e-4), standardizeTargets: false);
        for (int i = 0; i < 20; i++) gp.AddObservation(x.AsSpan(i * D, D), i == 7 ? 5 : 0);
        ReadOnlySpan<double> p7 = x.AsSpan(7 * D, D);
        gp.Predict(p7, out double tight, out double vTight);
        var extra = new double[20];
        extra[7] = 1;
        gp.SetExtraNoiseVariances(extra);
        gp.Predict(p7, out double loose, out double vLoose);
        Assert.True(tight > 4.9, $"{tight}");
        Assert.True(loose < 0.6 * tight, $"with extra noise {loose}, without {tight}");
        Assert.True(vLoose > vTight);
        Assert.Equal(1, gp.ExtraNoiseVariance(7));
        Assert.Throws<ArgumentException>(() => gp.SetExtraNoiseVariances(new double[19]));
        extra[3] = -1;
        Assert.Throws<ArgumentException>(() => gp.SetExtraNoiseVariances(extra));
    }

    [Fact]
    public void TargetAdjustments_FitTheAdjustedTargets()
    {
        var x = Points(20, 3);
        var adjusted = new GaussianProcess(D, KernelKind.Matern52, new GpHyperparameters(0.2, 1, 1e-3));
        var shifted = new GaussianProcess(D, KernelKind.Matern52, new GpHyperparameters(0.2, 1, 1e-3));
        var adj = new double[20];
        for (int i = 0; i < 20; i++)
        {
            adj[i] = 0.1 * Math.Sin(i);
            double y = Bump(x.AsSpan(i * D, D));
            adjusted.AddObservation(x.AsSpan(i * D, D), y);
            shifted.AddObservation(x.AsSpan(i * D, D), y + adj[i]);
        }
        adjusted.SetTargetAdjustments(adj);
        double[] probe = [0.3, 0.3, 0.4];
        adjusted.Predict(probe, out double m1, out double v1);
        shifted.Predict(probe, out double m2, out double v2);
        Assert.Equal(m2, m1, 10);
        Assert.Equal(v2, v1, 10);
        Assert.Equal(shifted.LogMarginalLikelihood, adjusted.LogMarginalLikelihood, 8);
        Assert.Equal(adj[5], adjusted.TargetAdjustment(5));
        // Export/Import keeps corrections and extra noise.
        adjusted.SetExtraNoiseVariances(Enumerable.Range(0, 20).Select(i => 0.001 * i).ToArray());
        var copy = GaussianProcess.Import(adjusted.ExportState());
        adjusted.Predict(probe, out double m3, out double v3);
        copy.Predict(probe, out double m4, out double v4);
        Assert.Equal(m3, m4, 12);
        Assert.Equal(v3, v4, 12);
        Assert.Throws<ArgumentException>(() => adjusted.SetTargetAdjustments([double.NaN]));
    }

    [Fact]
    public void GradientNoise_IsTauSquaredTimesTheSquaredPlaneGradient()
    {
        // f = 3 c₀: within the plane ∇f = 3 (e₀ − 1/3), ‖∇f‖² = 9 · 2/3 = 6; the GP recovers the plane well.
        var options = new PolicyOptions
        {
            Kernel = KernelKind.Rbf,
            InitialHyperparameters = new GpHyperparameters(0.5, 1, 1e-6),
            RefitEvery = 1000,
            GradientInputNoise = true,
        };
        var policy = new CampaignPolicy(D, options, 1);
        var x = Points(41, 4);
        for (int i = 0; i < 40; i++) policy.AddObservation(x.AsSpan(i * D, D), 3 * x[i * D], 0.03);
        double[] mid = [0.4, 0.3, 0.3];
        policy.AddObservation(mid, 3 * mid[0], 0.03);
        GpState s = policy.ExportState();
        double mean = s.Targets.Take(40).Average();
        double sd = Math.Sqrt(s.Targets.Take(40).Sum(y => (y - mean) * (y - mean)) / 39);
        double tau2 = UncertainInputKernel.PlaneVarianceFromSigmaTotal(0.03, D);
        double expected = tau2 * 6 / (sd * sd);
        Assert.NotNull(s.ExtraNoiseVariances);
        Assert.Equal(expected, s.ExtraNoiseVariances![40], expected * 0.05);
        Assert.Equal(41, s.CompositionPlaneVariances!.Length);
        Assert.Equal(tau2, s.CompositionPlaneVariances[40], 15);
        // Without σ_tot there is nothing to add.
        policy.AddObservation([0.2, 0.2, 0.6], 0.6, 0);
        Assert.Equal(0, policy.ExportState().ExtraNoiseVariances![41]);
    }

    [Fact]
    public void CurvatureCorrection_RaisesTheTargetsAtAPeak()
    {
        // A bump of σ 0.1: Δf = −2/σ² = −200 at its top within the 2-D plane, so the correction there is −½ c τ² Δf > 0,
        // and negative on the flanks beyond σ√2 where the bump is convex.
        double c = 0.5, sigmaTotal = 0.03;
        var policy = new CampaignPolicy(D, new PolicyOptions
        {
            Kernel = KernelKind.Rbf,
            InitialHyperparameters = new GpHyperparameters(0.14, 1, 1e-4),
            RefitEvery = 200,
            HyperparameterRestarts = 2,
            GradientInputNoise = true,
            CurvatureCorrection = c,
        }, 2);
        var x = Points(199, 5);
        for (int i = 0; i < 199; i++) policy.AddObservation(x.AsSpan(i * D, D), Bump(x.AsSpan(i * D, D)), sigmaTotal);
        double[] top = [0.5, 0.3, 0.2];
        policy.AddObservation(top, Bump(top), sigmaTotal); // the 200th: refit and corrections
        GpState s = policy.ExportState();
        double tau2 = UncertainInputKernel.PlaneVarianceFromSigmaTotal(sigmaTotal, D);
        double atTop = s.TargetAdjustments![199];
        Assert.InRange(atTop, 0.5 * 0.5 * c * tau2 * 200, 2 * 0.5 * c * tau2 * 200);
        int flank = -1;
        for (int i = 0; i < 199; i++)
        {
            double r2 = 0;
            for (int k = 0; k < D; k++) r2 += (x[i * D + k] - top[k]) * (x[i * D + k] - top[k]);
            if (r2 > 0.18 * 0.18 && r2 < 0.22 * 0.22) { flank = i; break; }
        }
        Assert.True(flank >= 0);
        Assert.True(s.TargetAdjustments[flank] < 0, $"flank correction {s.TargetAdjustments[flank]}");
        // Without the correction nothing is adjusted.
        var plain = new CampaignPolicy(D, new PolicyOptions { GradientInputNoise = true, RefitEvery = 5 }, 2);
        for (int i = 0; i < 20; i++) plain.AddObservation(x.AsSpan(i * D, D), Bump(x.AsSpan(i * D, D)), sigmaTotal);
        Assert.Null(plain.ExportState().TargetAdjustments);
    }

    [Fact]
    public void CurvatureCorrection_StaysBoundedWhenTheLengthScaleApproachesTheEdxNoise()
    {
        // ℓ = 0.03 against τ² = 0.0025 (σ_tot 0.05): unbounded, each pass would multiply a bump of the fit by
        // ½ c τ² (D − 1)/ℓ² ≈ 2.8 and the corrections would run to their last-resort cap of 3 target deviations
        // (measured: 0.67 = 3 s.d. without the bound).
        var policy = new CampaignPolicy(D, new PolicyOptions
        {
            Kernel = KernelKind.Rbf,
            InitialHyperparameters = new GpHyperparameters(0.03, 1, 1e-4),
            Bounds = new HyperparameterBounds { MinLengthScale = 0.03, MaxLengthScale = 0.03 },
            RefitEvery = 5,
            HyperparameterRestarts = 1,
            GradientInputNoise = true,
            CurvatureCorrection = 1,
        }, 4);
        var x = Points(100, 8);
        for (int i = 0; i < 100; i++) policy.AddObservation(x.AsSpan(i * D, D), Bump(x.AsSpan(i * D, D)), 0.05);
        GpState s = policy.ExportState();
        double mean = s.Targets.Average();
        double sd = Math.Sqrt(s.Targets.Sum(y => (y - mean) * (y - mean)) / 99);
        double worst = s.TargetAdjustments!.Max(Math.Abs);
        // With the bound the passes contract (gain ½): about twice the first pass's correction of an isolated spike of the
        // fit, 2.3 s.d. here; without it they pile up against the cap.
        Assert.True(worst < 2.5 * sd, $"largest correction {worst}, target s.d. {sd}");
        Assert.True(worst > 0);
    }

    [Fact]
    public void Linearisation_EstimatesTheSimulatedTargetBetterThanTheExpectedKernel()
    {
        const int Seeds = 3;
        // The paper's simulated setting (IV.3): sum of 10 Gaussians on the 3-D simplex, EDX noise by eqs 2–3 (σ 0.03),
        // 150 random particles; the policy's surrogate with its refits, either model of the composition noise.
        const int n = 120, q = 400;
        double errKernel = 0, errLinear = 0;
        var t = new double[D];
        var m = new double[D];
        var sg = new double[D];
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var truth = new SumOfGaussians(D, 10, 0.1, new PolicyRandom(seed));
            var rng = new PolicyRandom(200 + seed);
            var kernel = new CampaignPolicy(D, new PolicyOptions { Kernel = KernelKind.Rbf, RefitEvery = 10, ModelCompositionUncertainty = true }, seed);
            var linear = new CampaignPolicy(D, new PolicyOptions
            {
                Kernel = KernelKind.Rbf, RefitEvery = 10, GradientInputNoise = true, CurvatureCorrection = 0.5,
            }, seed);
            for (int i = 0; i < n; i++)
            {
                rng.NextSimplexPoint(t);
                double sigmaTotal = EdxCompositionNoise.Measure(t, 0.03, rng, m, sg);
                double y = truth.Evaluate(t);
                kernel.AddObservation(m, y, sigmaTotal);
                linear.AddObservation(m, y, sigmaTotal);
            }
            var eval = Points(q, 300 + seed);
            var mean = new double[q];
            var variance = new double[q];
            kernel.PredictMany(eval, mean, variance);
            for (int i = 0; i < q; i++) errKernel += Math.Abs(mean[i] - truth.Evaluate(eval.AsSpan(i * D, D)));
            linear.PredictMany(eval, mean, variance);
            for (int i = 0; i < q; i++) errLinear += Math.Abs(mean[i] - truth.Evaluate(eval.AsSpan(i * D, D)));
        }
        Assert.True(errLinear < 0.95 * errKernel, $"mean abs error linearised {errLinear / (Seeds * q):F4}, expected kernel {errKernel / (Seeds * q):F4}");
    }

    [Fact]
    public void Options_AndImport_AreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolicyOptions { CurvatureCorrection = 1.5 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolicyOptions { CurvatureCorrection = -0.1 }.Validate());
        var options = new PolicyOptions { GradientInputNoise = true, CurvatureCorrection = 0.5, RefitEvery = 5 };
        var policy = new CampaignPolicy(D, options, 3);
        var x = Points(12, 6);
        for (int i = 0; i < 12; i++) policy.AddObservation(x.AsSpan(i * D, D), Bump(x.AsSpan(i * D, D)), 0.02 + 0.002 * i);
        GpState s = policy.ExportState();
        var copy = CampaignPolicy.Import(s, options, 3);
        double[] probe = [0.5, 0.25, 0.25];
        policy.Predict(probe, out double m1, out double s1);
        copy.Predict(probe, out double m2, out double s2);
        Assert.Equal(m1, m2, 12);
        Assert.Equal(s1, s2, 12);
        // Three more observations reach the next refit identically in both.
        for (int i = 0; i < 3; i++)
        {
            double[] c = [0.2 + 0.1 * i, 0.5 - 0.1 * i, 0.3];
            policy.AddObservation(c, Bump(c), 0.03);
            copy.AddObservation(c, Bump(c), 0.03);
        }
        policy.Predict(probe, out m1, out _);
        copy.Predict(probe, out m2, out _);
        Assert.Equal(m1, m2, 10);
        Assert.Throws<ArgumentException>(() => CampaignPolicy.Import(s with { CompositionPlaneVariances = null }, options, 3));
        Assert.Throws<ArgumentException>(() => GaussianProcess.Import(s with { ExtraNoiseVariances = [1, 2] }));
    }
}
