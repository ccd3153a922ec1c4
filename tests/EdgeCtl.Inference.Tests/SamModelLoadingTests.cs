using EdgeCtl.Inference.Detection;
using EdgeCtl.Inference.Onnx;
using EdgeCtl.Inference.Sam;
using Xunit;

namespace EdgeCtl.Inference.Tests;

public sealed class SamModelLoadingTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("edgectl-sam-load-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private static SamModelOptions Models()
    {
        try { return SamModelOptions.FromModelsDirectory(int8: false); }
        catch (FileNotFoundException e) { Assert.Fail("SAM models missing — run scripts/setup-models.sh: " + e.Message); throw; }
    }

    [Fact]
    public void Truncated_encoder_gets_an_error_naming_the_file()
    {
        var good = Models();
        var truncated = Path.Combine(_tmp, "encoder-truncated.onnx");
        using (var src = File.OpenRead(good.EncoderPath))
        using (var dst = File.Create(truncated))
        {
            var buf = new byte[1 << 20];
            int n = src.Read(buf);
            dst.Write(buf, 0, n);
        }
        // With the expected digest (as loaded from models/), the sha256 check refuses it before ORT sees it.
        var sha = Assert.Throws<InvalidDataException>(() => new SamSegmenter(good with { EncoderPath = truncated }));
        Assert.Contains(truncated, sha.Message);
        Assert.Contains("sha256 mismatch", sha.Message);
        Assert.Contains(good.EncoderSha256!, sha.Message);
        // Without one, ONNX Runtime's parser refuses it, also naming the file.
        var e = Assert.Throws<OnnxRuntimeException>(() => new SamSegmenter(good with { EncoderPath = truncated, EncoderSha256 = null }));
        Assert.Contains(truncated, e.Message);
        Assert.Equal("CreateSession", e.Call);
    }

    [Fact]
    public void Models_from_the_models_directory_carry_their_expected_digests()
    {
        var good = Models();
        Assert.Equal(ModelChecksums.PinnedSha256["encoder.onnx"], good.EncoderSha256);
        Assert.Equal(ModelChecksums.Sha256(good.DecoderPath), good.DecoderSha256);
    }

    [Fact]
    public void Decoder_not_prepared_by_setup_is_rejected_by_name()
    {
        var good = Models();
        var stock = Path.Combine(Path.GetDirectoryName(good.DecoderPath)!, "decoder.onnx");
        var e = Assert.Throws<ArgumentException>(() => new SamSegmenter(good with { DecoderPath = stock, DecoderSha256 = ModelChecksums.Expected(stock) }));
        Assert.Contains("pe_window", e.Message); // the window input prepare_decoder.py adds
        Assert.Contains(stock, e.Message);
    }

    [Fact]
    public void Unknown_detector_names_list_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => SamDetectors.Create("yolo", ["classical"]));
        Assert.Contains("classical, auto, auto-fp32, sam, sam-fp32", e.Message);
    }

    [Fact]
    public void Auto_falls_back_to_classical_when_the_models_are_missing()
    {
        var missing = Path.Combine(_tmp, "encoder.int8.onnx");
        SamModelOptions Missing(bool int8) => new() { EncoderPath = missing, DecoderPath = missing };
        var d = SamDetectors.Create("auto", null, Missing, out string? reason);
        Assert.IsType<ClassicalParticleDetector>(d);
        Assert.Contains(missing, reason);
        Assert.Throws<FileNotFoundException>(() => SamDetectors.Create("sam", null, Missing, out _));
    }
}

public sealed class SamSteadyStateTests
{
    [Fact]
    public void Steady_state_encode_and_decode_allocate_no_managed_memory()
    {
        SamModelOptions models;
        try { models = SamModelOptions.FromModelsDirectory(int8: true); }
        catch (FileNotFoundException e) { Assert.Fail("SAM models missing — run scripts/setup-models.sh: " + e.Message); throw; }
        using var sam = new SamSegmenter(models);
        using var img = new EdgeCtl.Inference.Imaging.GrayImage(640, 480);
        var p = img.Pixels;
        for (int i = 0; i < p.Length; i++) p[i] = (i * 7919) % 251;
        var contrast = new SamContrast(0, 250, false);
        var t = new SamTimings();
        void Frame()
        {
            sam.Encode(img, 0, 0, 640, 480, 1.6, contrast, t);
            for (int k = 0; k < 3; k++) sam.Decode(300 + k, 200, t);
            foreach (int tokens in SamSegmenter.WindowTokens) sam.Decode(300, 200, tokens, t);
        }
        // Warm-up: the same calls twice, so one-time runtime work (JIT tiering, lazy statics) is done.
        Frame();
        Frame();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Frame();
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
        Assert.Equal((1024, 768), sam.Content);
    }
}
