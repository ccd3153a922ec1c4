using EdgeCtl.Hil.Tests.Support;
using Xunit;

namespace EdgeCtl.Hil.Tests;

/// <summary>HAADF and bright-field overviews of the synthetic specimen against its ground truth.</summary>
public sealed class ImagingTests : IDisposable
{
    private readonly RigProcess _rig = RigProcess.Start("--no-pty", "--seed", "7");
    private readonly ScanClient _scan;
    private readonly LineClient _control;

    public ImagingTests()
    {
        _scan = new ScanClient(_rig.Scan);
        _control = new LineClient(_rig.Control);
    }

    public void Dispose()
    {
        _scan.Dispose();
        _control.Dispose();
        _rig.Dispose();
    }

    [Fact]
    public void LibraryHasThePapersDensity()
    {
        string answer = _control.Control("PARTICLES");
        int n = int.Parse(answer[3..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(n, 1800 - 5 * 43, 1800 + 5 * 43); // Poisson(0.02 µm⁻² × 300²) ± 5σ
    }

    [Fact]
    public void SubPixelParticlesAppearAsBrightBlobsAtTheirPositions()
    {
        var truth = SyntheticField.ParticlesInFov(_control);
        Assert.NotEmpty(truth);
        var image = _scan.DoImage(0, 1024, 1024, 10, 30);
        Assert.Equal(30_000.0 / 1024, image.PixelSizeNm, 9);
        Assert.Equal(SyntheticField.CentreUm, image.StageXUm, 9);
        double median = SyntheticField.Median(image.Pixels);
        double sigma = Math.Sqrt(median - 100);
        double threshold = median + 8 * sigma;

        int visible = 0, mirroredVisible = 0, checkedCount = 0;
        foreach (var p in truth.Where(p => p.RadiusNm >= 12))
        {
            var (col, row) = SyntheticField.PixelOf(image, p.XUm, p.YUm);
            if (col < 3 || row < 3 || col > 1020 || row > 1020) continue;
            checkedCount++;
            if (SyntheticField.PeakNear(image, col, row) > threshold) visible++;
            if (SyntheticField.PeakNear(image, col, image.Height - 1 - row) > threshold) mirroredVisible++;
        }
        Assert.True(checkedCount >= 5, $"only {checkedCount} particles ≥ 12 nm in the FoV");
        Assert.True(visible >= 0.9 * checkedCount, $"{visible} of {checkedCount} particles visible above {threshold:F0} (median {median})");
        Assert.True(mirroredVisible <= 0.2 * checkedCount, $"{mirroredVisible} bright spots at row-mirrored positions: row 0 must be the top");
    }

    [Fact]
    public void BrightFieldHasInvertedContrast()
    {
        var truth = SyntheticField.ParticlesInFov(_control);
        var biggest = truth.MaxBy(p => p.RadiusNm)!;
        var haadf = _scan.DoImage(0, 1024, 1024, 10, 30);
        var bf = _scan.DoImage(1, 1024, 1024, 10, 30);
        Assert.Equal(1, bf.Detector);
        var (col, row) = SyntheticField.PixelOf(bf, biggest.XUm, biggest.YUm);
        double haadfMedian = SyntheticField.Median(haadf.Pixels), bfMedian = SyntheticField.Median(bf.Pixels);
        Assert.True(bfMedian > 5 * haadfMedian, "bright field must have a bright background");
        Assert.True(SyntheticField.PeakNear(haadf, col, row) > haadfMedian + 8 * Math.Sqrt(haadfMedian));
        Assert.True(SyntheticField.DipNear(bf, col, row) < bfMedian - 8 * Math.Sqrt(bfMedian),
            $"bright field at the biggest particle ({SyntheticField.DipNear(bf, col, row)}) not darker than the background ({bfMedian})");
    }

    [Fact]
    public void LargeImagesArriveInBlocksOfAtMostOneMebibyteInOrder()
    {
        var image = _scan.DoImage(0, 2048, 600, 0.1, 30); // DoImage checks order and block sizes
        Assert.Equal(2048 * 600, image.Pixels.Length);
        Assert.Equal(30_000.0 / 2048, image.PixelSizeNm, 9);
    }

    [Fact]
    public void BlankedBeamGivesDarkImages()
    {
        _scan.DoBeamBlank(true);
        Assert.Equal("OK 1", _control.Control("GPIO GET beam_blank"));
        var image = _scan.DoImage(0, 256, 256, 10, 30);
        Assert.True(image.Pixels.Max() < 120, $"blanked image max {image.Pixels.Max()}");
        Assert.True(_scan.DoStatus().Blanked);
        _scan.DoBeamBlank(false);
        Assert.True(SyntheticField.Median(_scan.DoImage(0, 256, 256, 10, 30).Pixels) > 150);
    }
}
