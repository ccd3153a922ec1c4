using EdgeCtl.Inference.Imaging;
using EdgeCtl.Inference.Sam;
using Xunit;

namespace EdgeCtl.Inference.Tests;

/// <summary>
/// The windowed decoder (prepare_decoder.py's <c>pe_window</c>) against the whole-grid decoder on
/// the real int8 models: a resolved particle gets the same mask from a 16-token window as from the
/// whole 64 × 64 grid, and the window lies where <see cref="SamSegmenter.Grid"/> says.
/// </summary>
public sealed class SamDecoderWindowTests
{
    [Fact]
    public void A_resolved_disc_gets_the_same_mask_on_a_16_token_window_as_on_the_whole_grid()
    {
        SamModelOptions models;
        try { models = SamModelOptions.FromModelsDirectory(int8: true); }
        catch (FileNotFoundException e) { Assert.Fail("SAM models missing — run scripts/setup-models.sh: " + e.Message); throw; }
        using var sam = new SamSegmenter(models);
        using var img = new GrayImage(1024, 1024);
        var px = img.Pixels;
        var rng = new Random(7);
        const double cx = 610.5, cy = 389.5, r = 30;
        for (int y = 0; y < 1024; y++)
            for (int x = 0; x < 1024; x++)
            {
                double d2 = (x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy);
                px[y * 1024 + x] = (float)(30 + 10 * rng.NextDouble() + (d2 <= r * r ? 160 : 0));
            }
        var t = new SamTimings();
        sam.Encode(img, 0, 0, 1024, 1024, 1.0, new SamContrast(0, 220, false), t);

        sam.Decode((float)cx, (float)cy, 64, t);
        Assert.Equal(new SamMaskGrid(0, 0, 256), sam.Grid);
        var full = BestMask(sam);

        sam.Decode((float)cx, (float)cy, 16, t);
        // 16 tokens centred on token (38.2, 24.3) → first token (30, 16) → cells (120, 64), 64 cells wide.
        Assert.Equal(new SamMaskGrid(120, 64, 64), sam.Grid);
        var window = BestMask(sam);

        int both = full.Intersect(window).Count(), either = full.Union(window).Count();
        double iou = (double)both / either;
        Assert.True(iou >= 0.9, $"mask IoU whole grid vs 16-token window {iou:F3} ({full.Count} vs {window.Count} cells)");
        double expected = Math.PI * r * r / 16; // disc area in 4 × 4-px cells
        Assert.InRange(window.Count, 0.7 * expected, 1.3 * expected);
    }

    /// <summary>Cells (global mask-grid indices) of the highest-IoU token's component containing the disc centre.</summary>
    private static HashSet<int> BestMask(SamSegmenter sam)
    {
        int best = 0;
        for (int k = 1; k < 4; k++) if (sam.PredictedIoU(k) > sam.PredictedIoU(best)) best = k;
        var g = sam.Grid;
        var logits = sam.Logits(best);
        var visited = new int[g.Side * g.Side];
        var queue = new int[g.Side * g.Side];
        int sx = 610 / 4 - g.OriginX, sy = 389 / 4 - g.OriginY;
        int n = SamMaskAnalysis.Component(logits, g.Side, g.Side, 0, sx, sy, visited, 1, queue, out _, out _, out _, out _, out _, out _);
        Assert.True(n > 0, "no mask at the disc centre");
        var cells = new HashSet<int>();
        for (int i = 0; i < visited.Length; i++)
            if (visited[i] == 1) cells.Add((g.OriginY + i / g.Side) * 256 + g.OriginX + i % g.Side);
        return cells;
    }
}
