using System.Runtime.InteropServices;
using EdgeCtl.Inference.Imaging;

namespace EdgeCtl.Inference.Onnx;

/// <summary>
/// The ONNX Runtime C API (<c>onnxruntime_c_api.h</c>), reached through <c>OrtGetApiBase()</c> and
/// the <c>OrtApi</c> function table. The table is append-only, so the 0-based slot indices below
/// are stable across releases; they were checked against the header of ORT 1.22 (the version
/// pinned in <c>models/package.json</c>, which serves API versions 1–22). Only the functions
/// EdgeCtl calls are bound. This is the one file to replace when Microsoft.ML.OnnxRuntime becomes
/// reachable from NuGet.
/// </summary>
internal static unsafe partial class OrtNative
{
    private const string Lib = "onnxruntime";

    /// <summary>API version requested from the library: everything used here exists since 1.16.</summary>
    internal const uint ApiVersion = 16;

    // ONNXTensorElementDataType
    internal const int ElementFloat = 1, ElementUInt8 = 2, ElementInt8 = 3, ElementInt32 = 6, ElementInt64 = 7;
    // OrtLoggingLevel
    private const int LoggingError = 3;
    // OrtAllocatorType / OrtMemType
    private const int ArenaAllocator = 1, MemTypeDefault = 0;

    static OrtNative()
    {
        NativeLibraryResolver.Register(Lib, OnnxRuntimeLibrary.Candidates());
        OrtApiBase* baseApi;
        try { baseApi = OrtGetApiBase(); }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException(
                $"ONNX Runtime (libonnxruntime.so.1) not found; tried {string.Join(", ", OnnxRuntimeLibrary.Candidates())}. " +
                $"Run scripts/setup-models.sh or set {OnnxRuntimeLibrary.EnvironmentVariable} to the library's path.", e);
        }
        void** api = (void**)baseApi->GetApi(ApiVersion);
        if (api == null)
        {
            string v = Marshal.PtrToStringUTF8((IntPtr)baseApi->GetVersionString()) ?? "?";
            throw new DllNotFoundException($"ONNX Runtime {v} does not serve C API version {ApiVersion}.");
        }
        VersionString = Marshal.PtrToStringUTF8((IntPtr)baseApi->GetVersionString()) ?? "?";

        GetErrorCode = (delegate* unmanaged<IntPtr, int>)api[1];
        GetErrorMessage = (delegate* unmanaged<IntPtr, byte*>)api[2];
        CreateEnv = (delegate* unmanaged<int, byte*, IntPtr*, IntPtr>)api[3];
        CreateSession = (delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr>)api[7];
        Run = (delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr>)api[9];
        CreateSessionOptions = (delegate* unmanaged<IntPtr*, IntPtr>)api[10];
        DisableMemPattern = (delegate* unmanaged<IntPtr, IntPtr>)api[17];
        DisableCpuMemArena = (delegate* unmanaged<IntPtr, IntPtr>)api[19];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<IntPtr, int, IntPtr>)api[23];
        SetIntraOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)api[24];
        SetInterOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)api[25];
        SessionGetInputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)api[30];
        SessionGetOutputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)api[31];
        SessionGetInputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)api[33];
        SessionGetOutputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)api[34];
        SessionGetInputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr>)api[36];
        SessionGetOutputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr>)api[37];
        CreateRunOptions = (delegate* unmanaged<IntPtr*, IntPtr>)api[39];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)api[49];
        GetTensorMutableData = (delegate* unmanaged<IntPtr, void**, IntPtr>)api[51];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)api[55];
        GetTensorElementType = (delegate* unmanaged<IntPtr, int*, IntPtr>)api[60];
        GetDimensionsCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)api[61];
        GetDimensions = (delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)api[62];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, IntPtr*, IntPtr>)api[69];
        AllocatorFree = (delegate* unmanaged<IntPtr, void*, IntPtr>)api[76];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<IntPtr*, IntPtr>)api[78];
        ReleaseEnv = (delegate* unmanaged<IntPtr, void>)api[92];
        ReleaseStatus = (delegate* unmanaged<IntPtr, void>)api[93];
        ReleaseMemoryInfo = (delegate* unmanaged<IntPtr, void>)api[94];
        ReleaseSession = (delegate* unmanaged<IntPtr, void>)api[95];
        ReleaseValue = (delegate* unmanaged<IntPtr, void>)api[96];
        ReleaseRunOptions = (delegate* unmanaged<IntPtr, void>)api[97];
        ReleaseTypeInfo = (delegate* unmanaged<IntPtr, void>)api[98];
        ReleaseSessionOptions = (delegate* unmanaged<IntPtr, void>)api[100];
        AddSessionConfigEntry = (delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)api[130];
        CreateAndRegisterAllocator = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr>)api[144];
        ReleaseArenaCfg = (delegate* unmanaged<IntPtr, void>)api[157];
        CreateArenaCfgV2 = (delegate* unmanaged<byte**, nuint*, nuint, IntPtr*, IntPtr>)api[164];
        AddRunConfigEntry = (delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)api[165];

        IntPtr mem;
        Check(CreateCpuMemoryInfo(ArenaAllocator, MemTypeDefault, &mem), "CreateCpuMemoryInfo", null);
        CpuMemoryInfo = mem; // one per process, never released
        IntPtr alloc;
        Check(GetAllocatorWithDefaultOptions(&alloc), "GetAllocatorWithDefaultOptions", null);
        DefaultAllocator = alloc; // owned by ORT
    }

    /// <summary>Forces the library to load and the table to be read; throws when it cannot.</summary>
    internal static void EnsureLoaded() { }

    internal static readonly string VersionString;
    internal static readonly IntPtr CpuMemoryInfo;
    internal static readonly IntPtr DefaultAllocator;

    internal static readonly delegate* unmanaged<IntPtr, int> GetErrorCode;
    internal static readonly delegate* unmanaged<IntPtr, byte*> GetErrorMessage;
    internal static readonly delegate* unmanaged<int, byte*, IntPtr*, IntPtr> CreateEnv;
    internal static readonly delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr> CreateSession;
    internal static readonly delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr> Run;
    internal static readonly delegate* unmanaged<IntPtr*, IntPtr> CreateSessionOptions;
    internal static readonly delegate* unmanaged<IntPtr, IntPtr> DisableMemPattern;
    internal static readonly delegate* unmanaged<IntPtr, IntPtr> DisableCpuMemArena;
    internal static readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionGraphOptimizationLevel;
    internal static readonly delegate* unmanaged<IntPtr, int, IntPtr> SetIntraOpNumThreads;
    internal static readonly delegate* unmanaged<IntPtr, int, IntPtr> SetInterOpNumThreads;
    internal static readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetInputCount;
    internal static readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetOutputCount;
    internal static readonly delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> SessionGetInputTypeInfo;
    internal static readonly delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> SessionGetOutputTypeInfo;
    internal static readonly delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetInputName;
    internal static readonly delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetOutputName;
    internal static readonly delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr> CreateTensorWithDataAsOrtValue;
    internal static readonly delegate* unmanaged<IntPtr, void**, IntPtr> GetTensorMutableData;
    internal static readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> CastTypeInfoToTensorInfo;
    internal static readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetTensorElementType;
    internal static readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetDimensionsCount;
    internal static readonly delegate* unmanaged<IntPtr, long*, nuint, IntPtr> GetDimensions;
    internal static readonly delegate* unmanaged<int, int, IntPtr*, IntPtr> CreateCpuMemoryInfo;
    internal static readonly delegate* unmanaged<IntPtr, void*, IntPtr> AllocatorFree;
    internal static readonly delegate* unmanaged<IntPtr*, IntPtr> GetAllocatorWithDefaultOptions;
    internal static readonly delegate* unmanaged<IntPtr, void> ReleaseEnv;
    internal static readonly delegate* unmanaged<IntPtr, void> ReleaseStatus;
    internal static readonly delegate* unmanaged<IntPtr, void> ReleaseMemoryInfo;
    internal static readonly delegate* unmanaged<IntPtr, void> ReleaseSession;
    internal static readonly delegate* unmanaged<IntPtr, void> ReleaseValue;
    internal static readonly delegate* unmanaged<IntPtr, void> ReleaseTypeInfo;
    internal static readonly delegate* unmanaged<IntPtr, void> ReleaseSessionOptions;
    internal static readonly delegate* unmanaged<IntPtr, byte*, byte*, IntPtr> AddSessionConfigEntry;
    internal static readonly delegate* unmanaged<IntPtr*, IntPtr> CreateRunOptions;
    internal static readonly delegate* unmanaged<IntPtr, void> ReleaseRunOptions;
    internal static readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr> CreateAndRegisterAllocator;
    internal static readonly delegate* unmanaged<IntPtr, void> ReleaseArenaCfg;
    internal static readonly delegate* unmanaged<byte**, nuint*, nuint, IntPtr*, IntPtr> CreateArenaCfgV2;
    internal static readonly delegate* unmanaged<IntPtr, byte*, byte*, IntPtr> AddRunConfigEntry;

    /// <summary>
    /// Turns a non-null <c>OrtStatus*</c> into an <see cref="OnnxRuntimeException"/> naming the
    /// call and the model, releasing the status first. A null status (success) costs nothing.
    /// </summary>
    internal static void Check(IntPtr status, string call, string? modelPath)
    {
        if (status != IntPtr.Zero) Throw(status, call, modelPath);
    }

    private static void Throw(IntPtr status, string call, string? modelPath)
    {
        int code;
        string message;
        try
        {
            code = GetErrorCode(status);
            message = Marshal.PtrToStringUTF8((IntPtr)GetErrorMessage(status)) ?? "";
        }
        finally { ReleaseStatus(status); }
        throw new OnnxRuntimeException(call, modelPath, code, message);
    }

    /// <summary>
    /// Registers a CPU arena allocator on <paramref name="env"/> (<c>CreateArenaCfgV2</c> +
    /// <c>CreateAndRegisterAllocator</c>) with the given <c>OrtArenaCfg</c> keys and values; sessions
    /// opened with <c>session.use_env_allocators=1</c> allocate from it.
    /// </summary>
    internal static void RegisterCpuArena(IntPtr env, ReadOnlySpan<string> keys, ReadOnlySpan<nuint> values)
    {
        if (keys.Length != values.Length) throw new ArgumentException("one value per arena key", nameof(values));
        var names = new byte[keys.Length][];
        var handles = new GCHandle[keys.Length];
        var ptrs = new IntPtr[Math.Max(1, keys.Length)];
        try
        {
            for (int i = 0; i < keys.Length; i++)
            {
                names[i] = OnnxSession.Utf8z(keys[i]);
                handles[i] = GCHandle.Alloc(names[i], GCHandleType.Pinned);
                ptrs[i] = handles[i].AddrOfPinnedObject();
            }
            IntPtr cfg;
            fixed (IntPtr* k = ptrs)
            fixed (nuint* v = values)
                Check(CreateArenaCfgV2((byte**)k, v, (nuint)keys.Length, &cfg), "CreateArenaCfgV2", null);
            try { Check(CreateAndRegisterAllocator(env, CpuMemoryInfo, cfg), "CreateAndRegisterAllocator", null); }
            finally { ReleaseArenaCfg(cfg); }
        }
        finally
        {
            foreach (var h in handles) if (h.IsAllocated) h.Free();
        }
    }

    /// <summary>Creates the process-wide environment (ORT logs errors only, to stderr).</summary>
    internal static IntPtr NewEnv()
    {
        IntPtr env;
        fixed (byte* id = "edgectl"u8)
            Check(CreateEnv(LoggingError, id, &env), "CreateEnv", null);
        return env;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OrtApiBase
    {
        public delegate* unmanaged<uint, void*> GetApi;
        public delegate* unmanaged<byte*> GetVersionString;
    }

    [LibraryImport(Lib)]
    private static partial OrtApiBase* OrtGetApiBase();
}
