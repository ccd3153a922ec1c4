using Xunit;
using EdgeCtl.Inference.Onnx;

namespace EdgeCtl.Inference.Tests;

public sealed class OnnxBindingTests(OnnxTestModels models) : IClassFixture<OnnxTestModels>
{
    [Fact]
    public void Session_reports_inputs_and_outputs()
    {
        using var s = OnnxSession.Open(models.MatMulAdd);
        Assert.Equal(["X", "W"], s.Inputs.Select(i => i.Name));
        Assert.Equal(["Y", "Z"], s.Outputs.Select(i => i.Name));
        Assert.Equal([-1L, 3L], s.Inputs[0].Shape);
        Assert.Equal(1, s.Inputs[0].ElementType);
        Assert.Equal([-1L, 4L], s.Outputs[1].Shape);
        Assert.StartsWith("1.", OnnxRuntimeLibrary.Version, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, GraphOptimizationLevel.Disabled)]
    [InlineData(2, GraphOptimizationLevel.All)]
    public void MatMul_and_Add_compute_into_the_bound_buffers_on_every_run(int threads, GraphOptimizationLevel level)
    {
        using var s = OnnxSession.Open(models.MatMulAdd, new OnnxSessionOptions { IntraOpThreads = threads, OptimizationLevel = level });
        using var x = new OnnxTensor<float>(2, 3);
        using var w = new OnnxTensor<float>(3, 4);
        using var y = new OnnxTensor<float>(2, 4);
        using var z = new OnnxTensor<float>(2, 4);
        using var run = s.Bind(["X", "W"], [x, w], ["Y", "Z"], [y, z]);
        for (int rep = 0; rep < 3; rep++)
        {
            for (int i = 0; i < 6; i++) x.Span[i] = i + rep;
            for (int i = 0; i < 12; i++) w.Span[i] = (i % 5) - 2 * rep;
            run.Run();
            for (int r = 0; r < 2; r++)
                for (int c = 0; c < 4; c++)
                {
                    float e = 0;
                    for (int k = 0; k < 3; k++) e += x.Span[r * 3 + k] * w.Span[k * 4 + c];
                    Assert.Equal(e, y.Span[r * 4 + c], 4);
                    Assert.Equal(e + 1, z.Span[r * 4 + c], 4);
                }
        }
    }

    [Fact]
    public void Output_subset_can_be_bound()
    {
        using var s = OnnxSession.Open(models.MatMulAdd);
        using var x = new OnnxTensor<float>(1, 3);
        using var w = new OnnxTensor<float>(3, 4);
        using var z = new OnnxTensor<float>(1, 4);
        using var run = s.Bind(["X", "W"], [x, w], ["Z"], [z]);
        run.Run();
        Assert.All(z.Span.ToArray(), v => Assert.Equal(1f, v));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Steady_state_run_allocates_no_managed_memory(bool sharedShrinkingArena)
    {
        using var s = OnnxSession.Open(models.MatMulAdd, new OnnxSessionOptions
        {
            IntraOpThreads = 1, SharedArena = sharedShrinkingArena, ShrinkArenaAfterRun = sharedShrinkingArena,
        });
        using var x = new OnnxTensor<float>(4, 3);
        using var w = new OnnxTensor<float>(3, 4);
        using var y = new OnnxTensor<float>(4, 4);
        using var z = new OnnxTensor<float>(4, 4);
        using var run = s.Bind(["X", "W"], [x, w], ["Y", "Z"], [y, z]);
        for (int i = 0; i < 50; i++) run.Run(); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2000; i++) run.Run();
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
    }

    [Fact]
    public void Binding_checks_names_types_and_fixed_dimensions()
    {
        using var s = OnnxSession.Open(models.MatMulAdd);
        using var x = new OnnxTensor<float>(2, 3);
        using var w = new OnnxTensor<float>(3, 4);
        using var wBad = new OnnxTensor<float>(4, 4);
        using var wLong = new OnnxTensor<long>(3, 4);
        using var y = new OnnxTensor<float>(2, 4);
        var e1 = Assert.Throws<ArgumentException>(() => s.Bind(["X", "V"], [x, w], ["Y"], [y]));
        Assert.Contains("no input named 'V'", e1.Message);
        Assert.Contains(models.MatMulAdd, e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => s.Bind(["X", "W"], [x, wBad], ["Y"], [y]));
        Assert.Contains("shape [3,4]", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => s.Bind(["X", "W"], [x, wLong], ["Y"], [y]));
        Assert.Contains("element type", e3.Message);
    }

    [Fact]
    public void Run_error_status_becomes_an_exception_naming_the_model_and_call()
    {
        using var s = OnnxSession.Open(models.MatMulAdd);
        using var x = new OnnxTensor<float>(2, 3);
        using var w = new OnnxTensor<float>(3, 4);
        using var y = new OnnxTensor<float>(5, 4); // N=5 ≠ 2: ORT refuses to reuse the buffer
        using var run = s.Bind(["X", "W"], [x, w], ["Y"], [y]);
        var e = Assert.Throws<OnnxRuntimeException>(run.Run);
        Assert.Equal("Run", e.Call);
        Assert.Equal(models.MatMulAdd, e.ModelPath);
        Assert.Contains(models.MatMulAdd, e.Message);
        // the binding stays usable after a failed run (the status was released, nothing leaked)
        Assert.Throws<OnnxRuntimeException>(run.Run);
    }

    [Fact]
    public void Truncated_model_gets_an_error_naming_the_file()
    {
        var path = Path.Combine(models.Dir, "truncated.onnx");
        var bytes = File.ReadAllBytes(models.MatMulAdd);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Open(path));
        Assert.Equal("CreateSession", e.Call);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Wrong_file_missing_file_and_empty_file_get_clear_errors()
    {
        var text = Path.Combine(models.Dir, "not-a-model.onnx");
        File.WriteAllText(text, "this is not an ONNX protobuf, just text\n");
        var e = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Open(text));
        Assert.Contains(text, e.Message);

        var missing = Path.Combine(models.Dir, "missing.onnx");
        var f = Assert.Throws<FileNotFoundException>(() => OnnxSession.Open(missing));
        Assert.Contains(missing, f.Message);

        var empty = Path.Combine(models.Dir, "empty.onnx");
        File.WriteAllBytes(empty, []);
        var g = Assert.Throws<InvalidDataException>(() => OnnxSession.Open(empty));
        Assert.Contains(empty, g.Message);
    }

    [Fact]
    public void Sha256_mismatch_names_the_file_and_both_digests()
    {
        var copy = Path.Combine(models.Dir, "tampered.onnx");
        var bytes = File.ReadAllBytes(models.MatMulAdd);
        File.WriteAllBytes(copy, bytes);
        string good = ModelChecksums.Sha256(copy);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), good);
        ModelChecksums.Verify(copy, good.ToUpperInvariant()); // matches, any case

        bytes[^1] ^= 0x01; // one flipped bit
        File.WriteAllBytes(copy, bytes);
        var e = Assert.Throws<InvalidDataException>(() => ModelChecksums.Verify(copy, good));
        Assert.Contains(copy, e.Message);
        Assert.Contains("sha256 mismatch", e.Message);
        Assert.Contains(good, e.Message);
        Assert.Contains(ModelChecksums.Sha256(copy), e.Message);
    }

    [Fact]
    public void Expected_digests_come_from_the_pin_or_the_manifest_beside_the_model()
    {
        var dir = Path.Combine(models.Dir, "manifest-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(dir);
        var model = Path.Combine(dir, "decoder-multi.int8.onnx");
        File.Copy(models.MatMulAdd, model);
        var missing = Assert.Throws<FileNotFoundException>(() => ModelChecksums.Expected(model));
        Assert.Contains(ModelChecksums.ManifestName, missing.Message);
        Assert.Contains("setup-models.sh", missing.Message);

        var manifest = Path.Combine(dir, ModelChecksums.ManifestName);
        string digest = ModelChecksums.Sha256(model);
        File.WriteAllText(manifest, $"{new string('0', 64)}  other.onnx\n{digest}  decoder-multi.int8.onnx\n");
        Assert.Equal(digest, ModelChecksums.Expected(model));
        // the two upstream files use the pinned digest whatever the manifest says
        Assert.Equal(ModelChecksums.PinnedSha256["encoder.onnx"], ModelChecksums.Expected(Path.Combine(dir, "encoder.onnx")));

        var unlisted = Path.Combine(dir, "encoder.int8.onnx");
        Assert.Contains("not listed", Assert.Throws<FileNotFoundException>(() => ModelChecksums.Expected(unlisted)).Message);

        File.WriteAllText(manifest, "garbage line\n");
        var bad = Assert.Throws<InvalidDataException>(() => ModelChecksums.Expected(model));
        Assert.Contains(manifest + ":1", bad.Message);
    }

    [Fact]
    public void A_model_with_the_wrong_inputs_is_refused_as_SAM_encoder_naming_file_and_input()
    {
        var opts = new EdgeCtl.Inference.Sam.SamModelOptions { EncoderPath = models.MatMulAdd, DecoderPath = models.MatMulAdd };
        var e = Assert.Throws<ArgumentException>(() => new EdgeCtl.Inference.Sam.SamSegmenter(opts));
        Assert.Contains(models.MatMulAdd, e.Message);
        Assert.Contains("'input'", e.Message);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxSession.Open(models.MatMulAdd, new OnnxSessionOptions { IntraOpThreads = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxSession.Open(models.MatMulAdd, new OnnxSessionOptions { OptimizationLevel = (GraphOptimizationLevel)7 }));
    }
}

public sealed class OnnxSessionOptionTests(OnnxTestModels models) : IClassFixture<OnnxTestModels>
{
    [Fact]
    public void Arena_and_memory_pattern_can_be_switched_off()
    {
        using var s = OnnxSession.Open(models.MatMulAdd, new OnnxSessionOptions { MemoryArena = false, MemoryPattern = false, AllowSpinning = true });
        using var x = new OnnxTensor<float>(1, 3);
        using var w = new OnnxTensor<float>(3, 4);
        using var z = new OnnxTensor<float>(1, 4);
        x.Span.Fill(1); w.Span.Fill(2);
        using var run = s.Bind(["X", "W"], [x, w], ["Z"], [z]);
        run.Run();
        Assert.All(z.Span.ToArray(), v => Assert.Equal(7f, v));
    }

    [Fact]
    public void Shared_arena_with_shrinking_computes_the_same_on_every_run()
    {
        var options = new OnnxSessionOptions { SharedArena = true, ShrinkArenaAfterRun = true, MemoryPattern = false };
        using var a = OnnxSession.Open(models.MatMulAdd, options);
        using var b = OnnxSession.Open(models.MatMulAdd, options); // a second session on the same registered arena
        using var x = new OnnxTensor<float>(2, 3);
        using var w = new OnnxTensor<float>(3, 4);
        using var za = new OnnxTensor<float>(2, 4);
        using var zb = new OnnxTensor<float>(2, 4);
        using var runA = a.Bind(["X", "W"], [x, w], ["Z"], [za]);
        using var runB = b.Bind(["X", "W"], [x, w], ["Z"], [zb]);
        for (int rep = 0; rep < 3; rep++)
        {
            for (int i = 0; i < 6; i++) x.Span[i] = i - rep;
            for (int i = 0; i < 12; i++) w.Span[i] = (i % 3) + rep;
            runA.Run();
            runB.Run();
            for (int r = 0; r < 2; r++)
                for (int c = 0; c < 4; c++)
                {
                    float e = 1;
                    for (int k = 0; k < 3; k++) e += x.Span[r * 3 + k] * w.Span[k * 4 + c];
                    Assert.Equal(e, za.Span[r * 4 + c], 4);
                    Assert.Equal(e, zb.Span[r * 4 + c], 4);
                }
        }
    }

    [Fact]
    public void Arena_settings_without_the_arena_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => OnnxSession.Open(models.MatMulAdd, new OnnxSessionOptions { MemoryArena = false, SharedArena = true }));
        Assert.Contains("MemoryArena", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => OnnxSession.Open(models.MatMulAdd, new OnnxSessionOptions { MemoryArena = false, ShrinkArenaAfterRun = true }));
    }
}
