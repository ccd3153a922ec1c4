namespace EdgeCtl.Inference.Onnx;

/// <summary>ONNX Runtime's <c>GraphOptimizationLevel</c>.</summary>
public enum GraphOptimizationLevel
{
    /// <summary>No graph optimisation.</summary>
    Disabled = 0,
    /// <summary>Constant folding, redundant-node elimination.</summary>
    Basic = 1,
    /// <summary>Basic plus node fusions.</summary>
    Extended = 2,
    /// <summary>Everything, including layout optimisations (ORT's default).</summary>
    All = 99,
}

/// <summary>
/// How a model session runs. Defaults suit a 2-core edge box: 2 intra-op threads, 1 inter-op
/// thread, all graph optimisations, no spin-waiting (<c>session.intra_op.allow_spinning=0</c>,
/// so idle ORT threads do not steal the cores the rest of the service needs).
/// </summary>
public sealed record OnnxSessionOptions
{
    /// <summary>Intra-op thread count (≥ 1; 0 lets ORT use one per physical core).</summary>
    public int IntraOpThreads { get; init; } = 2;

    /// <summary>Graph optimisation level.</summary>
    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.All;

    /// <summary>Whether idle intra-op threads spin before sleeping (off by default).</summary>
    public bool AllowSpinning { get; init; }

    /// <summary>
    /// ORT's CPU memory arena (keeps freed activation memory for reuse: faster repeated runs,
    /// higher resident memory). On by default.
    /// </summary>
    public bool MemoryArena { get; init; } = true;

    /// <summary>ORT's memory pattern (pre-plans one block for all activations of a fixed-shape run). On by default.</summary>
    public bool MemoryPattern { get; init; } = true;

    /// <summary>
    /// Further ORT session configuration entries (keys of <c>onnxruntime_session_options_config_keys.h</c>,
    /// e.g. <c>session.disable_prepacking</c> = <c>1</c>), applied after the settings above. ORT rejects
    /// unknown keys only by ignoring them, so misspelt keys have no effect.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ConfigEntries { get; init; }

    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, nameof(IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(IntraOpThreads, 256, nameof(IntraOpThreads));
        if (!Enum.IsDefined(OptimizationLevel))
            throw new ArgumentOutOfRangeException(nameof(OptimizationLevel), OptimizationLevel, "not a GraphOptimizationLevel");
    }
}
