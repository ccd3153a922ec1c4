using System.Globalization;
using EdgeCtl.Hil.Tests.Support;
using EdgeCtl.Tests;
using Xunit;

namespace EdgeCtl.Hil.Tests;

/// <summary>The replay specimen serves the recorded SiO₂ data tile by tile (docs/rig.md, "Specimen replay").</summary>
public sealed class ReplayTests : IDisposable
{
    private const int Size = 128, Tile = 64, Channels = 2048;
    private const double PixelNm = 8.552446030080318;
    private static readonly double ExtentUm = Size * PixelNm / 1000, TileUm = Tile * PixelNm / 1000;

    private readonly string _folder = Path.Combine(SharedData.Dir, "sio2-haadf-edx-particlespy", "converted");
    private readonly RigProcess _rig;
    private readonly ScanClient _scan;
    private readonly LineClient _gcs;

    public ReplayTests()
    {
        _rig = RigProcess.Start("--no-pty", "--specimen", "replay", "--data-dir", SharedData.Dir);
        _scan = new ScanClient(_rig.Scan);
        _gcs = new LineClient(_rig.GcsTcp);
    }

    public void Dispose()
    {
        _scan.Dispose();
        _gcs.Dispose();
        _rig.Dispose();
    }

    private void MoveTo(double x, double y)
    {
        _gcs.Send(FormattableString.Invariant($"MOV 1 {x} 2 {y}"));
        Assert.Equal("0\n", _gcs.Query("ERR?"));
        Gcs.WaitOnTarget(_gcs.Query);
    }

    [Fact]
    public void HelloAndSoftLimitsDescribeTheRecordedField()
    {
        var hello = _scan.DoHello();
        Assert.Equal(TileUm, hello.BeamShiftRangeUm, 9);
        Assert.Equal(64u, hello.PreferredWidth);
        Assert.Equal("replay", _rig.Ready.GetProperty("specimen").GetString());
        var tmx = Gcs.ParseAxes(_gcs.Query("TMX?"));
        Assert.Equal(ExtentUm, tmx[1], 5);
        Assert.Equal(ExtentUm, tmx[2], 5);
        using var control = new LineClient(_rig.Control);
        Assert.Equal("OK Si O", control.Control("ELEMENTS"));
    }

    [Theory]
    [InlineData(0, 0)] // top-left tile: recorded rows 0..63, columns 0..63
    [InlineData(1, 1)] // bottom-right tile
    public void OverviewEqualsTheRecordedTileUnderTheStage(int tileCol, int tileRow)
    {
        var haadf = NpyTestReader.Float32(Path.Combine(_folder, "sio2_haadf.npy"));
        Assert.Equal(Size * Size, haadf.Length);
        double min = haadf.Min(), max = haadf.Max();
        MoveTo((tileCol + 0.5) * TileUm, ExtentUm - (tileRow + 0.5) * TileUm);

        var image = _scan.DoImage(0, Tile, Tile, 10, 30);
        Assert.Equal(PixelNm, image.PixelSizeNm, 9);
        Assert.Equal((tileCol + 0.5) * TileUm, image.StageXUm, 9);
        for (int row = 0; row < Tile; row++)
            for (int col = 0; col < Tile; col++)
            {
                float v = haadf[(tileRow * Tile + row) * Size + tileCol * Tile + col];
                double expected = Math.Round(1000 + 60000 * ((double)v - min) / (max - min));
                Assert.True(expected == image.At(col, row), $"pixel ({col}, {row}): {image.At(col, row)} ≠ {expected}");
            }
    }

    [Fact]
    public void OtherSizesAreNearestNeighbourResamplesOfTheTileAndBrightFieldIsInverted()
    {
        var haadf = NpyTestReader.Float32(Path.Combine(_folder, "sio2_haadf.npy"));
        double min = haadf.Min(), max = haadf.Max();
        MoveTo(1.5 * TileUm, 1.5 * TileUm); // top-right tile: rows 0..63, columns 64..127
        var small = _scan.DoImage(0, 32, 32, 10, 1);
        var bf = _scan.DoImage(1, 32, 32, 10, 1);
        Assert.Equal(2 * PixelNm, small.PixelSizeNm, 9);
        for (int row = 0; row < 32; row++)
            for (int col = 0; col < 32; col++)
            {
                float v = haadf[(2 * row + 1) * Size + Tile + 2 * col + 1]; // the recorded pixel under the output pixel's centre
                double expected = Math.Round(1000 + 60000 * ((double)v - min) / (max - min));
                Assert.True(expected == small.At(col, row), $"pixel ({col}, {row}): {small.At(col, row)} ≠ {expected}");
                Assert.Equal(62000 - expected, bf.At(col, row));
            }
    }

    [Fact]
    public void OneSecondEdxIsTheSumOfTheRecordedSpectraUnderTheProbe()
    {
        var si = NpyTestReader.UInt16Gzip(Path.Combine(_folder, "sio2_eds_si_uint16.npy.gz"));
        Assert.Equal(Size * Size * Channels, si.Length);
        MoveTo(0.5 * TileUm, ExtentUm - 0.5 * TileUm); // top-left tile
        int row = 20, col = 30; // probe at that recorded pixel's centre
        double xNm = (col + 0.5 - Tile / 2.0) * PixelNm, yNm = -(row + 0.5 - Tile / 2.0) * PixelNm;
        var s = _scan.DoSpectrum(1, xNm, yNm, 1);
        var expected = new long[Channels];
        for (int r = row - 1; r <= row + 1; r++)
            for (int c = col - 1; c <= col + 1; c++) // the disc of radius 1.5 px holds the 3×3 block
                for (int i = 0; i < Channels; i++) expected[i] += si[((r * Size) + c) * Channels + i];
        for (int i = 0; i < Channels; i++) Assert.True(expected[i] == s.Counts[i], $"channel {i}: {s.Counts[i]} ≠ {expected[i]}");

        var half = _scan.DoSpectrum(1, xNm, yNm, 0.5); // thinning keeps counts integral and below the 1-s sum
        for (int i = 0; i < Channels; i++) Assert.True(half.Counts[i] <= expected[i]);
    }

    [Fact]
    public void ReplayKnowsNoParticleCountAndRefusesGroundTruth()
    {
        using var control = new LineClient(_rig.Control);
        Assert.StartsWith("ERR", control.Control("PARTICLES"));
        Assert.StartsWith("ERR", control.Control("PARTICLES IN 0 0 1 1"));
        string t = control.Control("TARGET 0.3 0.7");
        Assert.True(double.Parse(t[3..], CultureInfo.InvariantCulture) >= 0);
    }
}
