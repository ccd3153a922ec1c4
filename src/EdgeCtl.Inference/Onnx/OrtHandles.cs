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

/// <summary>The process-wide <c>OrtEnv</c> (ORT wants one per process), created on first use.</summary>
internal static class OrtEnvironment
{
    private static readonly Lazy<OrtEnvHandle> Env = new(() => new OrtEnvHandle(OrtNative.NewEnv()));

    public static OrtEnvHandle Handle => Env.Value;

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
