using EdgeCtl.Inference.Onnx;

namespace EdgeCtl.Inference.Sam;

/// <summary>
/// Where the last decoder run's low-resolution mask logits lie in the frame's 256 × 256 mask grid
/// (one cell = 4 × 4 encoder-frame px): a square of <see cref="Side"/> cells from
/// (<see cref="OriginX"/>, <see cref="OriginY"/>).
/// </summary>
/// <param name="OriginX">First column, mask cells.</param>
/// <param name="OriginY">First row, mask cells.</param>
/// <param name="Side">Side, mask cells (4 × the window's tokens).</param>
public readonly record struct SamMaskGrid(int OriginX, int OriginY, int Side)
{
    /// <summary>True when the window's left edge lies inside the frame's mask grid (a mask touching it may be cut).</summary>
    public bool CutLeft => OriginX > 0;
    /// <summary>True when the window's top edge lies inside the frame's mask grid.</summary>
    public bool CutTop => OriginY > 0;
    /// <summary>True when the window's right edge lies inside the frame's mask grid.</summary>
    public bool CutRight => OriginX + Side < SamMaskAnalysis.LowRes;
    /// <summary>True when the window's bottom edge lies inside the frame's mask grid.</summary>
    public bool CutBottom => OriginY + Side < SamMaskAnalysis.LowRes;
}

/// <summary>
/// The decoder's tensors and binding for one window size: a square of <see cref="Tokens"/> ×
/// <see cref="Tokens"/> of the encoder's 64 × 64 embedding grid (16 encoder-frame px per token),
/// fed to the windowed decoder graph (<c>models/tools/prepare_decoder.py</c>: input
/// <c>pe_window</c> slices the image positional encoding to the same window), which returns mask
/// logits for the window only, [1, 4, 4·Tokens, 4·Tokens]. The decoder's cost scales with the
/// token count (two-way attention over every image token, two transposed convolutions), so a
/// 16-token window costs a fraction of the full grid. The full-grid window (64) binds the
/// encoder's output tensor directly; smaller windows copy their part of it (256 × Tokens² floats).
/// </summary>
internal sealed class SamDecoderWindow : IDisposable
{
    private readonly OnnxTensor<float> _full;
    private readonly OnnxTensor<float>? _embeddings;
    private readonly OnnxTensor<float> _maskIn;
    private readonly OnnxTensor<long> _peWindow;
    private readonly OnnxBinding _binding;

    /// <summary>Embedding tokens per side of the encoder output.</summary>
    public const int GridTokens = 64;

    /// <summary>Creates the tensors and binds them; <paramref name="coords"/>, <paramref name="labels"/>, <paramref name="hasMask"/> and <paramref name="iou"/> are shared by all windows.</summary>
    /// <exception cref="ArgumentException">The decoder lacks an expected input or output (the message names it; re-run <c>scripts/setup-models.sh</c>).</exception>
    public SamDecoderWindow(OnnxSession decoder, int tokens, OnnxTensor<float> embeddings, OnnxTensor<float> coords,
                            OnnxTensor<float> labels, OnnxTensor<float> hasMask, OnnxTensor<float> iou)
    {
        Tokens = tokens;
        _full = embeddings;
        int cells = 4 * tokens;
        var disposables = new List<IDisposable>();
        try
        {
            if (tokens < GridTokens) _embeddings = Track(new OnnxTensor<float>(1, 256, tokens, tokens));
            _maskIn = Track(new OnnxTensor<float>(1, 1, cells, cells));
            _peWindow = Track(new OnnxTensor<long>(4));
            LowRes = Track(new OnnxTensor<float>(1, 4, cells, cells));
            _binding = decoder.Bind(
                ["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "pe_window"],
                [_embeddings ?? embeddings, coords, labels, _maskIn, hasMask, _peWindow],
                ["low_res_masks_all", "iou_predictions_all"], [LowRes, iou]);
        }
        catch
        {
            for (int i = disposables.Count - 1; i >= 0; i--) disposables[i].Dispose();
            throw;
        }

        T Track<T>(T d) where T : IDisposable { disposables.Add(d); return d; }
    }

    /// <summary>Window side, embedding tokens.</summary>
    public int Tokens { get; }

    /// <summary>Mask logits of the last run, [1, 4, 4·Tokens, 4·Tokens].</summary>
    public OnnxTensor<float> LowRes { get; }

    /// <summary>
    /// Runs the decoder on the window of <see cref="Tokens"/> tokens centred as nearly as the grid
    /// allows on encoder-frame point (<paramref name="x"/>, <paramref name="y"/>); the point prompt
    /// must already be in the shared coordinate tensor.
    /// </summary>
    /// <returns>Where the mask logits lie in the frame's 256 × 256 mask grid.</returns>
    public SamMaskGrid Run(float x, float y)
    {
        int n = Tokens, px = SamPreprocessor.Side / GridTokens;
        int tx = Math.Clamp((int)MathF.Round(x / px - n / 2f), 0, GridTokens - n);
        int ty = Math.Clamp((int)MathF.Round(y / px - n / 2f), 0, GridTokens - n);
        if (_embeddings is { } window)
        {
            ReadOnlySpan<float> src = _full.Span;
            Span<float> dst = window.Span;
            for (int c = 0; c < 256; c++)
                for (int r = 0; r < n; r++)
                    src.Slice((c * GridTokens + ty + r) * GridTokens + tx, n).CopyTo(dst.Slice((c * n + r) * n, n));
        }
        var pe = _peWindow.Span;
        pe[0] = ty; pe[1] = tx; pe[2] = ty + n; pe[3] = tx + n;
        _binding.Run();
        return new SamMaskGrid(4 * tx, 4 * ty, 4 * n);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _binding.Dispose();
        LowRes.Dispose(); _peWindow.Dispose(); _maskIn.Dispose(); _embeddings?.Dispose();
    }
}
