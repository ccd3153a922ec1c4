using EdgeCtl.Policy;
using Xunit;

namespace EdgeCtl.Policy.Tests;

public class RegionSwitchingTests
{
    [Fact]
    public void Eq7_RegionOfViewValue()
    {
        Assert.Equal(0.75, RegionSwitching.RegionOfViewValue(3, 12));
        Assert.Equal(1.0, RegionSwitching.RegionOfViewValue(0, 20));
        Assert.Equal(0.0, RegionSwitching.RegionOfViewValue(20, 20));
        Assert.Equal(0.0, RegionSwitching.RegionOfViewValue(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionSwitching.RegionOfViewValue(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionSwitching.RegionOfViewValue(-1, 4));
    }

    [Fact]
    public void Eqs9_16_17_ByHand()
    {
        double vStay = RegionSwitching.StayValue(0.75, 0.4);
        Assert.Equal(0.3, vStay, 15);
        double c = RegionSwitching.SwitchCost(18, vStay, 1);
        Assert.Equal(5.4, c, 12);
        Assert.Equal(0.6, RegionSwitching.SwitchValue(6.0, c), 12);
        Assert.Equal(2.7, RegionSwitching.SwitchCost(18, vStay, 2), 12);
        Assert.Equal(0.0, RegionSwitching.StayValue(1.0, double.NegativeInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionSwitching.SwitchCost(18, 0.3, 0));
    }

    [Fact]
    public void Eqs14_15_Novelty()
    {
        double[] c = [0.5, 0.5];
        double[] measured = [0.2, 0.8, 0.5, 0.4]; // distances √0.18 and 0.1
        double n = Novelty.Value(c, measured, 0.1);
        Assert.Equal(1 - Math.Exp(-1), n, 14);
        Assert.Equal(0.4 * (1 + 0.5 * (1 - Math.Exp(-1))), Novelty.Augment(0.4, n, 0.5), 14);
        Assert.Equal(1.0, Novelty.Value(c, [], 0.1));
        Assert.Equal(0.0, Novelty.Value(c, [0.5, 0.5], 0.1));
    }
}
