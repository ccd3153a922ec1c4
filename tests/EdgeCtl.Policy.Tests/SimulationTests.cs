using EdgeCtl.Policy;
using EdgeCtl.Policy.Simulation;
using Xunit;

namespace EdgeCtl.Policy.Tests;

public class SimulationTests
{
    private static readonly SimulationOptions Short = new() { Dimensions = 3, Iterations = 60, EvaluationPoints = 200 };

    [Fact]
    public void SameSeedGivesTheSameTrace()
    {
        var a = CampaignSimulator.Run(Short with { Iterations = 30 }, SimulationPolicy.Paper, 7);
        var b = CampaignSimulator.Run(Short with { Iterations = 30 }, SimulationPolicy.Paper, 7);
        Assert.Equal(a.Particle, b.Particle);
        Assert.Equal(a.MeanAbsError, b.MeanAbsError);
        Assert.Equal(a.InstrumentSeconds, b.InstrumentSeconds);
        var c = CampaignSimulator.Run(Short with { Iterations = 30 }, SimulationPolicy.Paper, 8);
        Assert.NotEqual(a.Particle, c.Particle);
    }

    [Fact]
    public void PoliciesShareSpecimenAndSeedParticlesOnASeed()
    {
        var paper = CampaignSimulator.Run(Short with { Iterations = 5 }, SimulationPolicy.Paper, 3);
        var random = CampaignSimulator.Run(Short with { Iterations = 5 }, SimulationPolicy.Random, 3);
        Assert.Equal(paper.Particle[..3], random.Particle[..3]);
        Assert.Equal(paper.InstrumentSeconds[..3], random.InstrumentSeconds[..3]);
    }

    [Fact]
    public void SigmaAndErrorFallOnAverage()
    {
        double early = 0, late = 0, earlyErr = 0, lateErr = 0;
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var run = CampaignSimulator.Run(Short, SimulationPolicy.Paper, seed);
            Assert.Equal(Short.Iterations, run.Iterations);
            early += run.MeanSigma[4];
            late += run.MeanSigma[^1];
            earlyErr += run.MeanAbsError[4];
            lateErr += run.MeanAbsError[^1];
            for (int i = 1; i < run.Iterations; i++) Assert.True(run.InstrumentSeconds[i] > run.InstrumentSeconds[i - 1]);
        }
        Assert.True(late < 0.8 * early, $"mean σ {early / 3:F3} → {late / 3:F3}");
        Assert.True(lateErr < earlyErr, $"mean abs error {earlyErr / 3:F3} → {lateErr / 3:F3}");
    }

    [Fact]
    public void StageMovesMostlyToNeighbours()
    {
        int moves = 0, neighbours = 0;
        for (ulong seed = 1; seed <= 2; seed++)
        {
            var run = CampaignSimulator.Run(Short with { Iterations = 100 }, SimulationPolicy.Paper, seed);
            for (int i = 1; i < run.Visits.Count; i++)
            {
                int a = run.Visits[i - 1].Region, b = run.Visits[i].Region, side = run.RegionsPerSide;
                moves++;
                if (Math.Max(Math.Abs(a % side - b % side), Math.Abs(a / side - b / side)) == 1) neighbours++;
            }
        }
        Assert.True(moves > 0);
        Assert.True(neighbours >= 0.6 * moves, $"{neighbours} of {moves} moves to a neighbouring region");
    }

    [Fact]
    public void SpecimenMatchesThePaper()
    {
        var spec = new SimulatedSpecimen(new SimulationOptions(), new PolicyRandom(11));
        Assert.Equal(100, spec.RegionCount);
        Assert.InRange(spec.Count, 1650, 1950); // Poisson(0.02 × 300²) = 1800 ± 42
        double r = 0;
        for (int i = 0; i < spec.Count; i++)
        {
            r += spec.RadiusNm(i);
            double s = 0;
            foreach (double c in spec.MeasuredComposition(i)) { Assert.InRange(c, 0, 1); s += c; }
            Assert.Equal(1, s, 9);
        }
        Assert.InRange(r / spec.Count, 19, 23); // truncation at 2 nm lifts the mean slightly
    }

    [Fact]
    public void Equations2And3ReestimateTheLeastCertainFraction()
    {
        double[] c = [0.5, 0.3, 0.1];
        double[] s = [0.01, 0.05, 0.02];
        double tot = EdxCompositionNoise.ApplyEquations2And3(c, s);
        Assert.Equal(Math.Sqrt(0.01 * 0.01 + 0.02 * 0.02), tot, 12);
        Assert.Equal(0.4, c[1], 12); // 1 − 0.5 − 0.1
        Assert.Equal(1, c.Sum(), 12);
    }

    [Fact]
    public void PolicyComparisonRunsOnAFewSeeds()
    {
        SimulationPolicy[] all = [SimulationPolicy.Paper, SimulationPolicy.Random, SimulationPolicy.Nearest, SimulationPolicy.NoCost, SimulationPolicy.Ours];
        var results = PolicyComparison.Run(Short with { Iterations = 25 }, all, seeds: 2);
        Assert.Equal(all.Length, results.Count);
        foreach (var r in results)
        {
            Assert.Equal(2, r.Runs.Length);
            Assert.True(double.IsFinite(r.FinalAbsError.Mean));
            Assert.True(double.IsFinite(r.FinalMeanSigma.Mean));
            Assert.NotEmpty(r.MeasuredFractionPerRegion);
        }
        // The reference reaches its own final error by definition.
        Assert.Equal(2, results[0].SeedsReachingTarget);
        // Without motion cost the stage moves far more often, and instrument time shows it.
        Assert.True(results[3].TotalSeconds.Mean > results[0].TotalSeconds.Mean);
        // Nearest exhausts each region before leaving it.
        Assert.All(results[2].Runs, run => Assert.Equal(1.0, run.MeasuredFractionByVisitOrder[0]));
        // Same seeds → same comparison.
        var again = PolicyComparison.Run(Short with { Iterations = 25 }, [SimulationPolicy.Ours], seeds: 2);
        Assert.Equal(results[4].Runs[1].Particle, again[0].Runs[1].Particle);
    }

    [Fact]
    public void OursWithASigmaQuantileMeasuresOnlyPreciseParticles()
    {
        var sim = new CampaignSimulator(Short with { Iterations = 30, OursSigmaQuantile = 0.5 }, SimulationPolicy.Ours, 5);
        var run = sim.Run();
        var all = Enumerable.Range(0, sim.Specimen.Count).Select(sim.Specimen.SigmaTotal).OrderBy(x => x).ToArray();
        double median = all[all.Length / 2];
        var measured = run.Particle.Take(run.Iterations).Skip(Short.SeedParticles).Select(sim.Specimen.SigmaTotal).ToArray();
        Assert.True(measured.Average() < median, $"mean σ_tot measured {measured.Average():F4}, specimen median {median:F4}");
    }
}
