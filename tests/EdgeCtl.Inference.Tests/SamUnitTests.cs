using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Imaging;
using EdgeCtl.Inference.Sam;
using Xunit;

namespace EdgeCtl.Inference.Tests;

public sealed class SamUnitTests
{
    private const int S = SamPreprocessor.Side;

    [Fact]
    public void Preprocessing_maps_the_contrast_window_to_imagenet_normalised_rgb_and_pads_with_zero()
    {
        using var img = new GrayImage(512, 256);
        var p = img.Pixels;
        for (int y = 0; y < 256; y++)
            for (int x = 0; x < 512; x++)
                p[y * 512 + x] = x < 256 ? 1000f : 3000f; // 16-bit-like levels
        var t = new float[3 * S * S];
        var (w, h) = SamPreprocessor.Fill(img, 0, 0, 512, 256, 2.0, new SamContrast(1000f, 3000f, false), t);
        Assert.Equal((1024, 512), (w, h));
        // dark half → 0, bright half → 255, per channel (v − mean)/std
        Assert.Equal((0 - 123.675f) / 58.395f, t[100 * S + 100], 3);
        Assert.Equal((255 - 116.28f) / 57.12f, t[S * S + 100 * S + 900], 3);
        Assert.Equal((255 - 103.53f) / 57.375f, t[2 * S * S + 300 * S + 1000], 3);
        // padding below the content is exactly 0 in all channels
        Assert.Equal(0f, t[600 * S + 10]);
        Assert.Equal(0f, t[2 * S * S + 1023 * S + 1023]);
        // inversion (bright-field)
        SamPreprocessor.Fill(img, 0, 0, 512, 256, 2.0, new SamContrast(1000f, 3000f, true), t);
        Assert.Equal((255 - 123.675f) / 58.395f, t[100 * S + 100], 3);
    }

    [Fact]
    public void Shrinking_averages_instead_of_aliasing()
    {
        using var img = new GrayImage(2048, 64);
        var p = img.Pixels;
        for (int i = 0; i < p.Length; i++) p[i] = (i % 2048) % 2 == 0 ? 0f : 255f; // 1-px stripes
        var t = new float[3 * S * S];
        SamPreprocessor.Fill(img, 0, 0, 2048, 64, 0.5, new SamContrast(0, 255, false), t);
        for (int x = 10; x < 1000; x += 97)
            Assert.Equal((127.5f - 123.675f) / 58.395f, t[10 * S + x], 1); // mid-grey, not stripes
    }

    [Fact]
    public void Preprocessing_rejects_regions_outside_the_image()
    {
        using var img = new GrayImage(100, 100);
        var t = new float[3 * S * S];
        Assert.Throws<ArgumentException>(() => SamPreprocessor.Fill(img, 50, 0, 100, 100, 1, new SamContrast(0, 1, false), t));
        Assert.Throws<ArgumentException>(() => SamPreprocessor.Fill(img, 0, 0, 100, 100, 1, new SamContrast(0, 1, false), new float[10]));
    }

    [Fact]
    public void Contrast_estimate_rejects_NaN_pixels()
    {
        using var img = new GrayImage(10, 10);
        img.Pixels[5] = float.NaN;
        Assert.Throws<ArgumentException>(() => SamPreprocessor.EstimateContrast(img, new DetectionOptions()));
    }

    [Fact]
    public void Stability_score_is_the_ratio_of_tight_to_loose_areas()
    {
        float[] l = [5, 5, 0.5f, 0.5f, -0.5f, -5, -5, -5];
        Assert.Equal(2f / 5f, SamMaskAnalysis.StabilityScore(l));
        Assert.Equal(1f, SamMaskAnalysis.StabilityScore([-5f, -5f]));
    }

    [Fact]
    public void Component_finds_the_blob_containing_the_seed_only()
    {
        const int w = 8, h = 6;
        var g = new float[w * h];
        void Set(int x, int y) => g[y * w + x] = 1;
        Set(1, 1); Set(2, 1); Set(2, 2);          // blob A, 3 cells
        Set(5, 4); Set(6, 4); Set(6, 3); Set(7, 3); // blob B, 4 cells
        var visited = new int[w * h];
        var queue = new int[w * h];
        int a = SamMaskAnalysis.Component(g, w, h, 0, 2, 2, visited, 1, queue, out int x0, out int y0, out int x1, out int y1, out double sx, out double sy);
        Assert.Equal(3, a);
        Assert.Equal((1, 1, 2, 2), (x0, y0, x1, y1));
        Assert.Equal((1.5 + 2.5 + 2.5) / 3, sx / a, 12);
        // seed one cell off the mask snaps to a neighbour; far off gives 0
        Assert.Equal(4, SamMaskAnalysis.Component(g, w, h, 0, 5, 3, visited, 2, queue, out _, out _, out _, out _, out _, out _));
        Assert.Equal(0, SamMaskAnalysis.Component(g, w, h, 0, 4, 0, visited, 3, queue, out _, out _, out _, out _, out _, out _));
    }

    [Fact]
    public void Upsampling_reproduces_constant_and_linear_logits()
    {
        var l = new float[256 * 256];
        for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) l[y * 256 + x] = x;
        var win = new float[40 * 20];
        SamMaskAnalysis.Upsample(l, 100, 200, 140, 220, win);
        // encoder px x ↔ low-res (x + 0.5)/4 − 0.5 (align_corners = false)
        Assert.Equal((100 + 0.5f) / 4 - 0.5f, win[0], 4);
        Assert.Equal((139 + 0.5f) / 4 - 0.5f, win[39], 4);
        Assert.Equal(win[0], win[19 * 40], 4);
    }

    [Fact]
    public void Tile_positions_cover_the_axis_with_overlap()
    {
        Assert.Equal([0], SamParticleDetector.Positions(1000, 1024, 192));
        var p = SamParticleDetector.Positions(2048, 1024, 192).ToArray();
        Assert.Equal(0, p[0]);
        Assert.Equal(1024, p[^1]);
        for (int i = 1; i < p.Length; i++) Assert.True(p[i - 1] + 1024 - p[i] >= 192);
    }

    private static DetectedParticle P(double x, double y, double w, double h, double score) =>
        new(x + w / 2, y + h / 2, double.NaN, double.NaN, 1, double.NaN, w * h, new BoundingBox(x, y, w, h), score, 0, "sam");

    [Fact]
    public void Nms_keeps_the_higher_score_of_overlapping_boxes_and_marks_the_other()
    {
        DetectedParticle?[] ps = [P(0, 0, 10, 10, 0.5), null, P(1, 0, 10, 10, 0.9), P(30, 30, 10, 10, 0.1)];
        var kept = new List<DetectedParticle>();
        var suppressed = new bool[ps.Length];
        SamParticleDetector.SuppressDuplicates(ps, 0.5, kept, suppressed);
        Assert.Equal([0.9, 0.1], kept.Select(k => k.Score));
        Assert.Equal([true, false, false, false], suppressed);
    }

    [Fact]
    public void A_blob_is_part_of_a_particle_only_when_mostly_inside_it()
    {
        var whole = new BoundingBox(0, 0, 40, 40);
        Assert.True(SamParticleDetector.IsPartOf(new BoundingBox(10, 10, 8, 8), whole));
        Assert.False(SamParticleDetector.IsPartOf(new BoundingBox(36, 36, 10, 10), whole)); // touching neighbour at the corner
        Assert.False(SamParticleDetector.IsPartOf(new BoundingBox(-5, -5, 60, 60), whole)); // larger
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Prompt_finder_puts_one_peak_on_each_resolved_particle_and_none_on_flat_background(bool brightField)
    {
        DetectionSynthetic.Particle[] discs = [new(100, 100, 20), new(300, 120, 20), new(200, 380, 20)];
        using var img = DetectionSynthetic.Render(512, 512, discs, background: brightField ? 200 : 40, contrast: brightField ? -150 : 150, noise: 2, seed: 3);
        var contrast = brightField ? new SamContrast(50, 200, true) : new SamContrast(40, 190, false);
        var peaks = new List<(float X, float Y, float Height)>();
        SamPromptFinder.FindPeaks(img, 2.0, contrast, radiusEncoderPx: 40, minProminence: 0.05, peaks);
        Assert.Equal(3, peaks.Count);
        foreach (var d in discs)
            Assert.Contains(peaks, p => Math.Abs(p.X - 2 * d.X) <= 8 && Math.Abs(p.Y - 2 * d.Y) <= 8);
        Assert.True(peaks[0].Height >= peaks[^1].Height); // strongest first

        using var flat = DetectionSynthetic.Render(512, 512, [], background: 40, contrast: 0, noise: 2, seed: 4);
        SamPromptFinder.FindPeaks(flat, 2.0, new SamContrast(30, 190, false), 40, 0.05, peaks);
        Assert.Empty(peaks);
        Assert.Throws<ArgumentOutOfRangeException>(() => SamPromptFinder.FindPeaks(flat, 2.0, contrast, 0, 0.05, peaks));
    }

    [Fact]
    public void Median_box_size_of_candidates()
    {
        Assert.Equal(0, SamParticleDetector.MedianBoxSize([]));
        Assert.Equal(20, SamParticleDetector.MedianBoxSize([P(0, 0, 10, 10, 1), P(0, 0, 40, 40, 1), P(0, 0, 20, 20, 1)]), 12);
        Assert.Equal(15, SamParticleDetector.MedianBoxSize([P(0, 0, 10, 10, 1), P(0, 0, 20, 20, 1)]), 12);
    }
}
