using EdgeCtl.Inference.Detection;
using Xunit;

namespace EdgeCtl.Inference.Tests;

public sealed class DetectionBoxRefinementTests
{
    private const int W = 64, H = 48;

    [Fact]
    public void IsolatedParticleGetsTheFullSquareAboutTheGivenCentre()
    {
        var labels = new int[W * H];
        double r = 4;
        var box = BoxRefinement.Box(labels, W, H, 1, 30.3, 20.7, r);
        double half = BoxRefinement.Scale * r * Math.Pow(BoxRefinement.MaxNeighbourRadii, BoxRefinement.NeighbourExponent);
        Assert.Equal(30.3 - half, box.X, 9);
        Assert.Equal(20.7 - half, box.Y, 9);
        Assert.Equal(2 * half, box.Width, 9);
        Assert.Equal(2 * half, box.Height, 9);
    }

    [Fact]
    public void NeighbouringSegmentNarrowsTheBoxByTheCalibratedPowerLaw()
    {
        var labels = new int[W * H];
        double r = 4, x = 30.5, y = 20.5;
        labels[20 * W + 30] = 1;          // own segment is ignored
        labels[20 * W + 36] = 2;          // other segment: pixel centre 6 px to the right
        labels[5 * W + 30] = 3;           // farther than 4 r: out of reach
        var box = BoxRefinement.Box(labels, W, H, 1, x, y, r);
        double half = BoxRefinement.Scale * r * Math.Pow(6 / r, BoxRefinement.NeighbourExponent);
        Assert.Equal(2 * half, box.Width, 9);

        labels[20 * W + 30] = 2;          // neighbour pixel at the centre: clamped, not a zero box
        box = BoxRefinement.Box(labels, W, H, 1, x, y, r);
        Assert.Equal(2 * BoxRefinement.Scale * r * Math.Pow(BoxRefinement.MinNeighbourRadii, BoxRefinement.NeighbourExponent), box.Width, 9);
    }

    [Fact]
    public void BoxIsClippedToTheImage()
    {
        var labels = new int[W * H];
        var box = BoxRefinement.Box(labels, W, H, 1, 1.0, H - 1.0, 5);
        Assert.Equal(0, box.X);
        Assert.Equal(H, box.Bottom, 9);
        Assert.True(box.Width > 0 && box.Right < 10);
    }
}
