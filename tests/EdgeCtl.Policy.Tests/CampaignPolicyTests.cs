using EdgeCtl.Policy;
using Xunit;

namespace EdgeCtl.Policy.Tests;

public class CampaignPolicyTests
{
    private const int D = 3;
    private const double Density = 0.02, Area = 900;

    private static double Target(ReadOnlySpan<double> c) =>
        Math.Exp(-((c[0] - 0.6) * (c[0] - 0.6) + (c[1] - 0.2) * (c[1] - 0.2)) / 0.02) + 0.5 * c[2];

    private static (CampaignPolicy Policy, double[] Measured) Seeded(PolicyOptions? options = null, ulong seed = 1)
    {
        var p = new CampaignPolicy(D, options ?? new PolicyOptions(), seed);
        var rng = new PolicyRandom(seed + 100);
        var measured = new double[3 * D];
        for (int i = 0; i < 3; i++)
        {
            rng.NextSimplexPoint(measured.AsSpan(i * D, D));
            p.AddObservation(measured.AsSpan(i * D, D), Target(measured.AsSpan(i * D, D)));
        }
        return (p, measured);
    }

    private static (double[] Comps, double[] Dists) Candidates(int n, ulong seed)
    {
        var rng = new PolicyRandom(seed);
        var c = new double[n * D];
        var d = new double[n];
        for (int i = 0; i < n; i++)
        {
            rng.NextSimplexPoint(c.AsSpan(i * D, D));
            d[i] = 15 * rng.NextDouble();
        }
        return (c, d);
    }

    private static RegionInfo[] Grid(int current)
    {
        var g = TestGrid.Build();
        g[current] = g[current] with { Visited = true };
        return g;
    }

    [Fact]
    public void FreshFov_MeasuresTheEq4Winner_WithConsistentTerms()
    {
        var (p, measured) = Seeded();
        var (comps, dists) = Candidates(20, 5);
        dists[7] = 40; // one candidate needs a stage move
        var regions = Grid(44);
        var ctx = new DecisionContext(comps, dists, 0, 20, Density, Area, regions, 44, measured);
        var dec = p.Decide(ctx);

        // Independent eq 4 with Predict.
        int best = -1; double bestS = double.NegativeInfinity, g = 0;
        for (int i = 0; i < 20; i++)
        {
            p.Predict(comps.AsSpan(i * D, D), out _, out double s);
            double score = s / MotionCostModel.Paper.MoveCost(dists[i]);
            g = Math.Max(g, s);
            if (score > bestS) { bestS = score; best = i; }
        }
        Assert.Equal(DecisionKind.MeasureCandidate, dec.Kind);
        Assert.Equal(best, dec.CandidateIndex);
        Assert.Equal(bestS, dec.Score, 10);
        Assert.Equal(1.0, dec.RegionOfViewValue);
        Assert.Equal(g, dec.StayValue, 10);
        double tSwitch = MotionCostModel.Paper.MoveSeconds(30); // neighbour: t_0 + 30/v = 18 s
        Assert.Equal(tSwitch * dec.StayValue / 1.0, dec.SwitchCost, 10);
        Assert.Equal(dec.ExpectedSwitchGain - dec.SwitchCost, dec.SwitchValue, 12);
        Assert.True(dec.SwitchValue < 0);
        Assert.True(dec.ExpectedSwitchGain > 0);
        Assert.InRange(dec.DestinationRegion, 0, 99);
        Assert.NotEqual(44, dec.DestinationRegion);
    }

    [Fact]
    public void ExhaustedFov_SwitchesToANeighbour()
    {
        var (p, measured) = Seeded();
        var regions = Grid(44);
        var dec = p.Decide(new DecisionContext([], [], 20, 20, Density, Area, regions, 44, measured));
        Assert.Equal(DecisionKind.SwitchRegion, dec.Kind);
        Assert.Equal(-1, dec.CandidateIndex);
        Assert.Equal(0.0, dec.RegionOfViewValue);
        Assert.Equal(0.0, dec.StayValue);
        Assert.True(dec.SwitchValue > 0);
        int dx = Math.Abs(dec.DestinationRegion % 10 - 4), dy = Math.Abs(dec.DestinationRegion / 10 - 4);
        Assert.Equal(1, Math.Max(dx, dy));
    }

    [Fact]
    public void LastCandidateAlreadyKnown_SwitchesRatherThanStays()
    {
        var (p, measured) = Seeded();
        // The one remaining particle sits on an already measured composition: σ ≈ noise, V_stay tiny.
        double[] comp = measured.AsSpan(0, D).ToArray();
        var dec = p.Decide(new DecisionContext(comp, [3.0], 19, 20, Density, Area, Grid(44), 44, measured));
        Assert.Equal(DecisionKind.SwitchRegion, dec.Kind);
        Assert.Equal(0, dec.CandidateIndex);
        Assert.Equal(0.05, dec.RegionOfViewValue, 12);
        Assert.True(dec.SwitchValue > 0);
    }

    [Fact]
    public void NoCandidateAndNoRegionLeft_Throws()
    {
        var (p, measured) = Seeded();
        var regions = TestGrid.Build(2);
        for (int i = 0; i < regions.Length; i++) regions[i] = regions[i] with { Visited = true };
        var e = Assert.Throws<InvalidOperationException>(() =>
            p.Decide(new DecisionContext([], [], 5, 5, Density, Area, regions, 0, measured)));
        Assert.Contains("exhausted", e.Message);
    }

    [Fact]
    public void NoRegionLeft_StillMeasuresRemainingCandidates()
    {
        var (p, measured) = Seeded();
        var regions = TestGrid.Build(2);
        for (int i = 0; i < regions.Length; i++) regions[i] = regions[i] with { Visited = true };
        var (comps, dists) = Candidates(2, 9);
        var dec = p.Decide(new DecisionContext(comps, dists, 18, 20, Density, Area, regions, 0, measured));
        Assert.Equal(DecisionKind.MeasureCandidate, dec.Kind);
        Assert.Equal(-1, dec.DestinationRegion);
    }

    [Fact]
    public void BadContext_IsRejected()
    {
        var (p, measured) = Seeded();
        var (comps, dists) = Candidates(4, 9);
        Assert.Throws<ArgumentException>(() =>
            p.Decide(new DecisionContext(comps, dists.AsSpan(0, 3), 0, 4, Density, Area, Grid(0), 0, measured)));
        Assert.Throws<ArgumentException>(() =>
            p.Decide(new DecisionContext(comps.AsSpan(0, 5), dists, 0, 4, Density, Area, Grid(0), 0, measured)));
        Assert.Throws<ArgumentException>(() =>
            p.Decide(new DecisionContext(comps, dists, 0, 4, double.NaN, Area, Grid(0), 0, measured)));
        Assert.Throws<ArgumentException>(() =>
            p.Decide(new DecisionContext(comps, dists, 0, 4, Density, Area, Grid(0), 1234, measured)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CampaignPolicy(1, new PolicyOptions(), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CampaignPolicy(3, new PolicyOptions { RefitEvery = 0 }, 0));
    }

    [Theory]
    [InlineData(AcquisitionKind.MaxUncertainty, PriorKind.Uniform)]
    [InlineData(AcquisitionKind.UpperConfidenceBound, PriorKind.Empirical)]
    [InlineData(AcquisitionKind.ExpectedImprovement, PriorKind.Uniform)]
    public void Decide_AllocatesNothingInSteadyState(AcquisitionKind acq, PriorKind prior)
    {
        var (p, _) = Seeded(new PolicyOptions { Acquisition = acq, Prior = prior, RefitEvery = int.MaxValue });
        var rng = new PolicyRandom(8);
        var measured = new double[40 * D];
        for (int i = 0; i < 40; i++)
        {
            rng.NextSimplexPoint(measured.AsSpan(i * D, D));
            p.AddObservation(measured.AsSpan(i * D, D), Target(measured.AsSpan(i * D, D)));
        }
        var (comps, dists) = Candidates(20, 3);
        var regions = Grid(44);
        var ctx = new DecisionContext(comps, dists, 5, 25, Density, Area, regions, 44, measured);
        p.Decide(ctx);
        p.Decide(ctx);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 5; k++) p.Decide(ctx);
        var ctx2 = new DecisionContext(comps.AsSpan(0, 10 * D), dists.AsSpan(0, 10), 15, 25, Density, Area, regions, 44, measured.AsSpan(0, 39 * D));
        p.Decide(ctx2);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ExportImport_ReproducesPredictionsAndDecisions()
    {
        var opts = new PolicyOptions { RefitEvery = 5 };
        var (p, measured) = Seeded(opts, seed: 21);
        var rng = new PolicyRandom(4);
        var x = new double[D];
        for (int i = 0; i < 9; i++) { rng.NextSimplexPoint(x); p.AddObservation(x, Target(x)); }
        var state = p.ExportState();
        Assert.Equal(12, state.Count);
        var q = CampaignPolicy.Import(state, opts, 21);
        Assert.Equal(p.ObservationCount, q.ObservationCount);
        Assert.Equal(p.Hyperparameters, q.Hyperparameters);
        var (comps, dists) = Candidates(15, 6);
        var all = state.Compositions;
        var ctx = new DecisionContext(comps, dists, 2, 17, Density, Area, Grid(10), 10, all);
        var a = p.Decide(ctx);
        var b = q.Decide(ctx);
        Assert.Equal(a.Kind, b.Kind);
        Assert.Equal(a.CandidateIndex, b.CandidateIndex);
        Assert.Equal(a.Score, b.Score, 9);
        Assert.Equal(a.ExpectedSwitchGain, b.ExpectedSwitchGain, 9);
        Assert.Equal(a.DestinationRegion, b.DestinationRegion);
        Assert.Throws<ArgumentException>(() => CampaignPolicy.Import(state, opts with { Kernel = KernelKind.Rbf }, 21));
    }

    [Fact]
    public void AddObservation_RefitsEveryRefitEvery()
    {
        var opts = new PolicyOptions { RefitEvery = 6, HyperparameterRestarts = 2 };
        var p = new CampaignPolicy(D, opts, 3);
        var rng = new PolicyRandom(12);
        var x = new double[D];
        for (int i = 0; i < 5; i++) { rng.NextSimplexPoint(x); p.AddObservation(x, Target(x)); }
        Assert.Equal(opts.InitialHyperparameters, p.Hyperparameters);
        double before = p.LogMarginalLikelihood;
        rng.NextSimplexPoint(x);
        p.AddObservation(x, Target(x));
        Assert.NotEqual(opts.InitialHyperparameters, p.Hyperparameters);
        Assert.Equal(6, p.ObservationCount);
        Assert.True(double.IsFinite(before));
    }

    [Fact]
    public void MeanPredictiveSigma_IsTheMeanOfPredictSigma()
    {
        var (p, _) = Seeded();
        var (pts, _) = Candidates(9, 77);
        double expected = 0;
        for (int i = 0; i < 9; i++) { p.Predict(pts.AsSpan(i * D, D), out _, out double s); expected += s / 9; }
        Assert.Equal(expected, p.MeanPredictiveSigma(pts), 12);
        Assert.Throws<ArgumentException>(() => p.MeanPredictiveSigma([]));
    }

    [Fact]
    public void EmpiricalPrior_ChangesTheGainEstimate()
    {
        var (u, measured) = Seeded(new PolicyOptions { Prior = PriorKind.Uniform });
        var (e, _) = Seeded(new PolicyOptions { Prior = PriorKind.Empirical });
        var (comps, dists) = Candidates(5, 1);
        var ctx = new DecisionContext(comps, dists, 0, 5, Density, Area, Grid(0), 0, measured);
        double gu = u.Decide(ctx).ExpectedSwitchGain, ge = e.Decide(ctx).ExpectedSwitchGain;
        Assert.True(double.IsFinite(ge) && ge > 0);
        Assert.NotEqual(gu, ge);
        // Draws near measured compositions are less uncertain and less novel: lower gain.
        Assert.True(ge < gu, $"empirical {ge} vs uniform {gu}");
    }

    /// <summary>A short version of the paper's simulation (section IV.3) in 3D.</summary>
    [Fact]
    public void MiniCampaign_ReducesUncertaintyAndMovesMostlyToNeighbours()
    {
        var rng = new PolicyRandom(2024);
        const int side = 10;
        var regions = TestGrid.Build(side);
        // Particles: Poisson(ρA) per tile, uniform positions and compositions.
        var tiles = new List<(double X, double Y, double[] C, bool Done)>[side * side];
        for (int t = 0; t < tiles.Length; t++)
        {
            tiles[t] = [];
            int n = rng.NextPoisson(Density * Area);
            for (int k = 0; k < n; k++)
            {
                var c = new double[D];
                rng.NextSimplexPoint(c);
                tiles[t].Add(((rng.NextDouble() - 0.5) * 30, (rng.NextDouble() - 0.5) * 30, c, false));
            }
        }
        var policy = new CampaignPolicy(D, new PolicyOptions(), 7);
        var measured = new List<double>();
        var eval = new double[200 * D];
        for (int i = 0; i < 200; i++) rng.NextSimplexPoint(eval.AsSpan(i * D, D));
        int current = 44;
        regions[current] = regions[current] with { Visited = true };
        // Three random seed particles from the first tile.
        for (int k = 0; k < 3; k++)
        {
            var p = tiles[current][k];
            tiles[current][k] = p with { Done = true };
            policy.AddObservation(p.C, Target(p.C));
            measured.AddRange(p.C);
        }
        double sigma0 = policy.MeanPredictiveSigma(eval);
        int switches = 0, neighbourSwitches = 0, measurements = 3;
        for (int iter = 0; iter < 120 && measurements < 80; iter++)
        {
            var open = new List<int>();
            for (int k = 0; k < tiles[current].Count; k++) if (!tiles[current][k].Done) open.Add(k);
            var comps = new double[open.Count * D];
            var dists = new double[open.Count];
            for (int j = 0; j < open.Count; j++)
            {
                var p = tiles[current][open[j]];
                p.C.CopyTo(comps, j * D);
                dists[j] = MotionCostModel.DistanceUm(p.X, p.Y);
            }
            for (int t = 0; t < regions.Length; t++)
                if (regions[t].Visited) regions[t] = regions[t] with { RemainingCandidates = tiles[t].Count(p => !p.Done) };
            var dec = policy.Decide(new DecisionContext(comps, dists, tiles[current].Count - open.Count, tiles[current].Count,
                Density, Area, regions, current, measured.ToArray()));
            if (dec.Kind == DecisionKind.MeasureCandidate)
            {
                var p = tiles[current][open[dec.CandidateIndex]];
                tiles[current][open[dec.CandidateIndex]] = p with { Done = true };
                policy.AddObservation(p.C, Target(p.C));
                measured.AddRange(p.C);
                measurements++;
            }
            else
            {
                var from = regions[current];
                var to = regions[dec.DestinationRegion];
                switches++;
                if (MotionCostModel.DistanceUm(to.CenterXUm - from.CenterXUm, to.CenterYUm - from.CenterYUm) <= 30.0001) neighbourSwitches++;
                current = dec.DestinationRegion;
                regions[current] = regions[current] with { Visited = true };
            }
        }
        double sigma1 = policy.MeanPredictiveSigma(eval);
        Assert.True(measurements >= 60, $"only {measurements} measurements");
        Assert.True(switches >= 2, $"{switches} region switches");
        Assert.True(neighbourSwitches >= 0.8 * switches, $"{neighbourSwitches}/{switches} switches to neighbours");
        Assert.True(sigma1 < 0.5 * sigma0, $"mean σ {sigma0} → {sigma1}");
    }
}
