using EdgeCtl.Policy;
using Xunit;

namespace EdgeCtl.Policy.Tests;

public class DestinationSelectorTests
{
    private static SwitchGainBank EvaluatedBank()
    {
        var bank = new SwitchGainBank(3, 256, new PolicyRandom(2));
        var gp = new GaussianProcess(3, KernelKind.Matern52, GpHyperparameters.Default);
        bank.Evaluate(gp, new PolicyOptions(), []);
        return bank;
    }

    [Fact]
    public void UniformDensity_PrefersANeighbour()
    {
        var regions = TestGrid.Build();
        int current = 44;
        regions[current] = regions[current] with { Visited = true };
        var c = DestinationSelector.Choose(regions, current, MotionCostModel.Paper, 1.0, EvaluatedBank());
        Assert.NotEqual(current, c.RegionIndex);
        Assert.Equal(30.0, c.DistanceUm);
        Assert.Equal(MotionCostModel.Paper.MoveCost(30), c.MoveCost);
        int dx = Math.Abs(c.RegionIndex % 10 - 4), dy = Math.Abs(c.RegionIndex / 10 - 4);
        Assert.Equal(1, Math.Max(dx, dy));
    }

    [Fact]
    public void SkipsCurrentAndExhaustedVisitedRegions()
    {
        var regions = TestGrid.Build(3);
        // Current = centre (4); every neighbour visited and empty except the far corner 8 (visited, 5 left) — and nothing else.
        for (int i = 0; i < 9; i++) regions[i] = regions[i] with { Visited = true, RemainingCandidates = 0 };
        regions[8] = regions[8] with { RemainingCandidates = 5 };
        var c = DestinationSelector.Choose(regions, 4, MotionCostModel.Paper, 1.0, EvaluatedBank());
        Assert.Equal(8, c.RegionIndex);
        regions[8] = regions[8] with { RemainingCandidates = 0 };
        Assert.Equal(-1, DestinationSelector.Choose(regions, 4, MotionCostModel.Paper, 1.0, EvaluatedBank()).RegionIndex);
    }

    [Fact]
    public void VisitedRegionWithKnownBetterCandidate_CanBeatAnUnvisitedNeighbour()
    {
        var regions = TestGrid.Build(5);
        int current = 12;
        regions[current] = regions[current] with { Visited = true };
        // Region 14 is two tiles away (60 µm) but holds a known candidate worth 10× an unvisited region's gain.
        regions[14] = regions[14] with { Visited = true, RemainingCandidates = 3, BestRemainingAcquisition = 10.0 };
        var c = DestinationSelector.Choose(regions, current, MotionCostModel.Paper, 1.0, EvaluatedBank());
        Assert.Equal(14, c.RegionIndex);
        Assert.Equal(10.0 / MotionCostModel.Paper.MoveCost(60), c.Score, 12);
    }

    [Fact]
    public void MissingCurrentRegion_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            DestinationSelector.Choose(TestGrid.Build(2), 17, MotionCostModel.Paper, 1.0, EvaluatedBank()));
        Assert.Contains("17", e.Message);
    }
}
