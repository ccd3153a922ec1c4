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
    /// Allocate from the process-wide CPU arena registered on the ORT environment
    /// (<c>session.use_env_allocators=1</c>) instead of a per-session arena. That arena grows by
    /// exactly the requested size (kSameAsRequested) and splits free chunks that would leave more
    /// than 1 MiB unused, so its footprint follows the live tensors closely; all sessions that set
    /// this share it. Requires <see cref="MemoryArena"/>. Off by default.
    /// </summary>
    public bool SharedArena { get; init; }

    /// <summary>
    /// Whether the model's weights are placed in the arena (ORT's default). False sets
    /// <c>session.use_device_allocator_for_initializers=1</c>: weights get exact-size blocks of
    /// their own, so the arena holds activations only and can give all of them back. Measured with
    /// SAM's int8 models: ~5 MB less resident per session. True by default.
    /// </summary>
    public bool InitializersInArena { get; init; } = true;

    /// <summary>
    /// Give the arena's unused chunks back after every run (run option
    /// <c>memory.enable_memory_arena_shrinkage=cpu:0</c>): memory stays resident only during a
    /// run, at the cost of re-allocating it on the next. Requires <see cref="MemoryArena"/>. Off by default.
    /// </summary>
    public bool ShrinkArenaAfterRun { get; init; }

    /// <summary>
    /// Further ORT session configuration entries (keys of <c>onnxruntime_session_options_config_keys.h</c>,
    /// e.g. <c>session.disable_prepacking</c> = <c>1</c>), applied after the settings above. ORT rejects
    /// unknown keys only by ignoring them, so misspelt keys have no effect.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ConfigEntries { get; init; }

    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="SharedArena"/> or <see cref="ShrinkArenaAfterRun"/> without <see cref="MemoryArena"/>.</exception>
    internal void Validate()
    {
        if (!MemoryArena && (SharedArena || ShrinkArenaAfterRun))
            throw new ArgumentException($"{nameof(SharedArena)} and {nameof(ShrinkArenaAfterRun)} need {nameof(MemoryArena)} = true (they configure the arena).");
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, nameof(IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(IntraOpThreads, 256, nameof(IntraOpThreads));
        if (!Enum.IsDefined(OptimizationLevel))
            throw new ArgumentOutOfRangeException(nameof(OptimizationLevel), OptimizationLevel, "not a GraphOptimizationLevel");
    }
}
