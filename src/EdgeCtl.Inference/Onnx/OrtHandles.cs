using System.Runtime.InteropServices;

namespace EdgeCtl.Inference.Onnx;

/// <summary>Owns an <c>OrtEnv*</c>; released with <c>ReleaseEnv</c>.</summary>
internal sealed unsafe class OrtEnvHandle : SafeHandle
{
    public OrtEnvHandle(IntPtr p) : base(IntPtr.Zero, true) => SetHandle(p);
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle() { OrtNative.ReleaseEnv(handle); return true; }
}

/// <summary>Owns an <c>OrtSessionOptions*</c>; released with <c>ReleaseSessionOptions</c>.</summary>
internal sealed unsafe class OrtSessionOptionsHandle : SafeHandle
{
    public OrtSessionOptionsHandle(IntPtr p) : base(IntPtr.Zero, true) => SetHandle(p);
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle() { OrtNative.ReleaseSessionOptions(handle); return true; }
}

/// <summary>Owns an <c>OrtSession*</c>; released with <c>ReleaseSession</c>.</summary>
internal sealed unsafe class OrtSessionHandle : SafeHandle
{
    public OrtSessionHandle(IntPtr p) : base(IntPtr.Zero, true) => SetHandle(p);
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle() { OrtNative.ReleaseSession(handle); return true; }
}

/// <summary>Owns an <c>OrtValue*</c>; released with <c>ReleaseValue</c>.</summary>
internal sealed unsafe class OrtValueHandle : SafeHandle
{
    public OrtValueHandle(IntPtr p) : base(IntPtr.Zero, true) => SetHandle(p);
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle() { OrtNative.ReleaseValue(handle); return true; }
}

/// <summary>Owns an <c>OrtRunOptions*</c>; released with <c>ReleaseRunOptions</c>.</summary>
internal sealed unsafe class OrtRunOptionsHandle : SafeHandle
{
    public OrtRunOptionsHandle(IntPtr p) : base(IntPtr.Zero, true) => SetHandle(p);
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle() { OrtNative.ReleaseRunOptions(handle); return true; }
}

/// <summary>The process-wide <c>OrtEnv</c> (ORT wants one per process), created on first use.</summary>
internal static class OrtEnvironment
{
    private static readonly Lazy<OrtEnvHandle> Env = new(() => new OrtEnvHandle(OrtNative.NewEnv()));
    private static readonly Lazy<bool> CpuArena = new(RegisterSharedCpuArena);

    public static OrtEnvHandle Handle => Env.Value;

    /// <summary>
    /// Registers the shared CPU arena on the environment, once per process (ORT refuses a second
    /// allocator for the same memory info). <c>arena_extend_strategy</c> 1 (kSameAsRequested): the
    /// arena grows by exactly the block asked for, not by the next power of two, so a run's peak is
    /// its live tensors plus what the best-fit arena cannot reuse; <c>max_dead_bytes_per_chunk</c>
    /// 1 MiB: a free chunk is split when more than 1 MiB of it would otherwise sit unused under a
    /// smaller tensor. Measured on SAM's TinyViT encoder at 1024² (int8, 2 threads): peak resident
    /// growth during a run ~230 MB, against ~300 MB with malloc and ~250 MB with the per-session
    /// power-of-two arena.
    /// </summary>
    public static void EnsureSharedCpuArena() => _ = CpuArena.Value;

    private static bool RegisterSharedCpuArena()
    {
        var env = Handle;
        bool added = false;
        env.DangerousAddRef(ref added);
        try
        {
            OrtNative.RegisterCpuArena(env.DangerousGetHandle(),
                ["arena_extend_strategy", "max_dead_bytes_per_chunk"], [1, 1 << 20]);
        }
        finally { if (added) env.DangerousRelease(); }
        return true;
    }

    /// <summary>Loads the library; unwraps the type-initialiser failure so the caller sees the cause.</summary>
    public static void EnsureLoaded()
    {
        try { OrtNative.EnsureLoaded(); }
        catch (TypeInitializationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
        }
    }
}
