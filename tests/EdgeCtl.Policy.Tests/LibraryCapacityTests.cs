using EdgeCtl.Policy;
using Xunit;

namespace EdgeCtl.Policy.Tests;

public class LibraryCapacityTests
{
    private const double AreaUm2 = 2.67e6; // 2.67 mm²

    [Theory]
    [InlineData(0.500, 6)]
    [InlineData(0.150, 7)]
    [InlineData(0.050, 8)]
    public void Eq1_PaperRadiiGiveSixSevenEightDimensions(double meanRadiusUm, int expectedD)
    {
        double n = LibraryCapacity.ExpectedParticleCount(AreaUm2, 0.5, meanRadiusUm, 0.3 * meanRadiusUm);
        Assert.Equal(expectedD, LibraryCapacity.RepresentableDimension(n));
    }

    [Fact]
    public void Eq1_ByHand()
    {
        // 500 nm: μ² + σ² = 0.25 + 0.0225 = 0.2725 µm²; E[N] = 0.5 · 2.67e6 / (π · 0.2725)
        double expected = 0.5 * 2.67e6 / (Math.PI * 0.2725);
        Assert.Equal(expected, LibraryCapacity.ExpectedParticleCount(AreaUm2, 0.5, 0.5, 0.15), 6);
        Assert.InRange(expected, 1.55e6, 1.57e6);
    }

    [Fact]
    public void RepresentableDimension_IsExactAtPowers()
    {
        Assert.Equal(6, LibraryCapacity.RepresentableDimension(1e6));
        Assert.Equal(5, LibraryCapacity.RepresentableDimension(999_999));
        Assert.Equal(0, LibraryCapacity.RepresentableDimension(9));
        Assert.Equal(3, LibraryCapacity.RepresentableDimension(1000, 10));
        Assert.Equal(9, LibraryCapacity.RepresentableDimension(512, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => LibraryCapacity.ExpectedParticleCount(AreaUm2, 1.5, 0.5, 0.1));
    }
}
