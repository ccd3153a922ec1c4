using EdgeCtl.Policy;
using Xunit;

namespace EdgeCtl.Policy.Tests;

public class MotionAndSelectionTests
{
    private static readonly MotionCostModel Paper = MotionCostModel.Paper;

    [Fact]
    public void Eq5_MoveSeconds()
    {
        Assert.Equal(15.0, Paper.ThresholdUm);
        Assert.Equal(0.02, Paper.MoveSeconds(0));
        Assert.Equal(0.02, Paper.MoveSeconds(10));
        Assert.Equal(0.02, Paper.MoveSeconds(15));            // d = d_th: still beam shift
        Assert.Equal(15 + 40 / 10.0, Paper.MoveSeconds(40), 12); // t_0 + d / v
        var m = Paper with { StageLatencySeconds = 5, StageSpeedUmPerS = 20 };
        Assert.Equal(5 + 100 / 20.0, m.MoveSeconds(100), 12);
    }

    [Fact]
    public void Eq6_MoveCost()
    {
        Assert.Equal(1.0, Paper.MoveCost(3));
        Assert.Equal(19.0, Paper.MoveCost(40), 12);
        var m = Paper with { Alpha = 2, IntraCost = 0.5 };
        Assert.Equal(0.5, m.MoveCost(15));
        Assert.Equal(2 * (15 + 1.6), m.MoveCost(16), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Paper.MoveCost(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Paper.MoveCost(double.NaN));
    }

    [Fact]
    public void ChebyshevDistance_PutsFovCornersInsideBeamShiftField()
    {
        Assert.Equal(15.0, MotionCostModel.DistanceUm(15, -15));
        Assert.Equal(1.0, Paper.MoveCost(MotionCostModel.DistanceUm(14.9, 14.9)));
        Assert.Equal(30.0, MotionCostModel.DistanceUm(-30, 30));
    }

    [Fact]
    public void Eq4_PicksHighestAcquisitionPerCost()
    {
        double[] a = [0.5, 0.9, 0.8];
        double[] d = [5, 40, 12];
        // S = [0.5/1, 0.9/19, 0.8/1]
        var c = CostAwareSelection.SelectBest(a, d, Paper, out double g);
        Assert.Equal(2, c.Index);
        Assert.Equal(0.8, c.Score, 12);
        Assert.Equal(0.8, c.Acquisition);
        Assert.Equal(1.0, c.MoveCost);
        Assert.Equal(0.9, g); // eq 8: G ignores cost
    }

    [Fact]
    public void Eq4_FarCandidateWinsOnlyWhenWorthTheStageMove()
    {
        double[] a = [0.05, 2.0];
        double[] d = [1, 40];   // 0.05/1 vs 2/19 = 0.105
        Assert.Equal(1, CostAwareSelection.SelectBest(a, d, Paper, out _).Index);
    }

    [Fact]
    public void Eq4_EmptyListGivesNoCandidate()
    {
        var c = CostAwareSelection.SelectBest([], [], Paper, out double g);
        Assert.Equal(-1, c.Index);
        Assert.Equal(double.NegativeInfinity, g);
        Assert.Throws<ArgumentException>(() => CostAwareSelection.SelectBest([1.0], [], Paper, out _));
    }
}
