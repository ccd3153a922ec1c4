using System.Runtime.InteropServices;
using System.Text;

namespace EdgeCtl.Inference.Onnx;

/// <summary>Name, element type and shape of a model input or output (−1 for a symbolic dimension).</summary>
/// <param name="Name">Tensor name in the graph.</param>
/// <param name="ElementType">ONNX <c>TensorProto.DataType</c> (1 float, 2 uint8, 3 int8, 6 int32, 7 int64).</param>
/// <param name="Shape">Dimensions; −1 where the graph leaves them open.</param>
public sealed record OnnxTensorInfo(string Name, int ElementType, long[] Shape);

/// <summary>
/// One loaded ONNX model (an <c>OrtSession</c>) on the CPU execution provider. Create run
/// bindings with <see cref="Bind"/>; a session may serve several bindings, each used by one
/// thread at a time. Dispose to free the native session.
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    private readonly OrtSessionHandle _session;

    private OnnxSession(string modelPath, OrtSessionHandle session, OnnxTensorInfo[] inputs, OnnxTensorInfo[] outputs, OnnxSessionOptions options)
    {
        Options = options;
        ModelPath = modelPath;
        _session = session;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The options the session was opened with.</summary>
    public OnnxSessionOptions Options { get; }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <summary>The graph's inputs, in order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs { get; }

    /// <summary>The graph's outputs, in order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    internal OrtSessionHandle Handle => _session;

    /// <summary>Loads <paramref name="modelPath"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty.</exception>
    /// <exception cref="OnnxRuntimeException">ORT rejects the file (truncated, not ONNX, unsupported operator…); the message names the file.</exception>
    /// <exception cref="DllNotFoundException">libonnxruntime.so.1 is not found.</exception>
    public static OnnxSession Open(string modelPath, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        options ??= new OnnxSessionOptions();
        options.Validate();
        var full = Path.GetFullPath(modelPath);
        var fi = new FileInfo(full);
        if (!fi.Exists) throw new FileNotFoundException($"ONNX model '{full}' not found.", full);
        if (fi.Length == 0) throw new InvalidDataException($"ONNX model '{full}' is empty (0 bytes).");

        OrtEnvironment.EnsureLoaded();
        var env = OrtEnvironment.Handle;

        IntPtr opts;
        OrtNative.Check(OrtNative.CreateSessionOptions(&opts), "CreateSessionOptions", full);
        using var optsHandle = new OrtSessionOptionsHandle(opts);
        OrtNative.Check(OrtNative.SetIntraOpNumThreads(opts, options.IntraOpThreads), "SetIntraOpNumThreads", full);
        OrtNative.Check(OrtNative.SetInterOpNumThreads(opts, 1), "SetInterOpNumThreads", full);
        OrtNative.Check(OrtNative.SetSessionGraphOptimizationLevel(opts, (int)options.OptimizationLevel), "SetSessionGraphOptimizationLevel", full);
        if (!options.MemoryArena) OrtNative.Check(OrtNative.DisableCpuMemArena(opts), "DisableCpuMemArena", full);
        if (!options.MemoryPattern) OrtNative.Check(OrtNative.DisableMemPattern(opts), "DisableMemPattern", full);
        AddConfig(opts, "session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0", full);
        AddConfig(opts, "session.inter_op.allow_spinning", options.AllowSpinning ? "1" : "0", full);
        if (options.SharedArena)
        {
            OrtEnvironment.EnsureSharedCpuArena();
            AddConfig(opts, "session.use_env_allocators", "1", full);
        }
        if (!options.InitializersInArena) AddConfig(opts, "session.use_device_allocator_for_initializers", "1", full);
        if (options.ConfigEntries is { } extra)
            foreach (var (key, value) in extra) AddConfig(opts, key, value, full);

        IntPtr session;
        byte[] path = Utf8z(full); // model paths are UTF-8 on Linux
        bool added = false;
        env.DangerousAddRef(ref added);
        try
        {
            fixed (byte* p = path)
                OrtNative.Check(OrtNative.CreateSession(env.DangerousGetHandle(), p, opts, &session), "CreateSession", full);
        }
        finally { if (added) env.DangerousRelease(); }

        var handle = new OrtSessionHandle(session);
        try
        {
            return new OnnxSession(full, handle, ReadInfos(session, full, true), ReadInfos(session, full, false), options);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Binds pre-allocated tensors to the named inputs and outputs for repeated <see cref="OnnxBinding.Run"/>
    /// calls. Outputs may be a subset of the graph's outputs; ORT computes into the given buffers.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not in the graph, or an element type or fixed dimension does not match.</exception>
    public OnnxBinding Bind(ReadOnlySpan<string> inputNames, ReadOnlySpan<IOnnxTensor> inputs,
                            ReadOnlySpan<string> outputNames, ReadOnlySpan<IOnnxTensor> outputs)
    {
        ObjectDisposedException.ThrowIf(_session.IsClosed, this);
        if (inputNames.Length != inputs.Length) throw new ArgumentException("one tensor per input name", nameof(inputs));
        if (outputNames.Length != outputs.Length) throw new ArgumentException("one tensor per output name", nameof(outputs));
        for (int i = 0; i < inputs.Length; i++) CheckCompatible(Inputs, "input", inputNames[i], inputs[i]);
        for (int i = 0; i < outputs.Length; i++) CheckCompatible(Outputs, "output", outputNames[i], outputs[i]);
        return new OnnxBinding(this, inputNames.ToArray(), inputs.ToArray(), outputNames.ToArray(), outputs.ToArray());
    }

    private void CheckCompatible(IReadOnlyList<OnnxTensorInfo> infos, string kind, string name, IOnnxTensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        OnnxTensorInfo? info = null;
        foreach (var x in infos) if (x.Name == name) info = x;
        if (info is null)
        {
            var names = new StringBuilder();
            foreach (var x in infos) names.Append(names.Length == 0 ? "" : ", ").Append(x.Name);
            throw new ArgumentException($"Model '{ModelPath}' has no {kind} named '{name}' (it has: {names}).", nameof(name));
        }
        if (info.ElementType != t.ElementType)
            throw new ArgumentException($"Model '{ModelPath}' {kind} '{name}' has element type {info.ElementType}, the tensor {t.ElementType}.", nameof(name));
        var shape = t.Shape;
        bool ok = shape.Length == info.Shape.Length;
        for (int d = 0; ok && d < shape.Length; d++) ok = info.Shape[d] < 0 || info.Shape[d] == shape[d];
        if (!ok)
            throw new ArgumentException($"Model '{ModelPath}' {kind} '{name}' has shape [{string.Join(",", info.Shape)}], the tensor [{string.Join(",", shape.ToArray())}].", nameof(name));
    }

    private static void AddConfig(IntPtr opts, string key, string value, string model)
    {
        fixed (byte* k = Utf8z(key))
        fixed (byte* v = Utf8z(value))
            OrtNative.Check(OrtNative.AddSessionConfigEntry(opts, k, v), "AddSessionConfigEntry(" + key + ")", model);
    }

    internal static byte[] Utf8z(string s)
    {
        var b = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, b);
        return b;
    }

    private static OnnxTensorInfo[] ReadInfos(IntPtr session, string model, bool inputs)
    {
        nuint count;
        OrtNative.Check(inputs ? OrtNative.SessionGetInputCount(session, &count) : OrtNative.SessionGetOutputCount(session, &count),
            inputs ? "SessionGetInputCount" : "SessionGetOutputCount", model);
        var result = new OnnxTensorInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            OrtNative.Check(inputs ? OrtNative.SessionGetInputName(session, i, OrtNative.DefaultAllocator, &name)
                                   : OrtNative.SessionGetOutputName(session, i, OrtNative.DefaultAllocator, &name),
                inputs ? "SessionGetInputName" : "SessionGetOutputName", model);
            string n = Marshal.PtrToStringUTF8((IntPtr)name) ?? "";
            OrtNative.Check(OrtNative.AllocatorFree(OrtNative.DefaultAllocator, name), "AllocatorFree", model);

            IntPtr typeInfo;
            OrtNative.Check(inputs ? OrtNative.SessionGetInputTypeInfo(session, i, &typeInfo)
                                   : OrtNative.SessionGetOutputTypeInfo(session, i, &typeInfo),
                inputs ? "SessionGetInputTypeInfo" : "SessionGetOutputTypeInfo", model);
            try
            {
                IntPtr tensorInfo; // owned by typeInfo
                OrtNative.Check(OrtNative.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), "CastTypeInfoToTensorInfo", model);
                if (tensorInfo == IntPtr.Zero) { result[(int)i] = new OnnxTensorInfo(n, 0, []); continue; } // not a tensor
                int type;
                nuint rank;
                OrtNative.Check(OrtNative.GetTensorElementType(tensorInfo, &type), "GetTensorElementType", model);
                OrtNative.Check(OrtNative.GetDimensionsCount(tensorInfo, &rank), "GetDimensionsCount", model);
                var dims = new long[(int)rank];
                fixed (long* d = dims)
                    OrtNative.Check(OrtNative.GetDimensions(tensorInfo, d, rank), "GetDimensions", model);
                for (int k = 0; k < dims.Length; k++) if (dims[k] <= 0) dims[k] = -1;
                result[(int)i] = new OnnxTensorInfo(n, type, dims);
            }
            finally { OrtNative.ReleaseTypeInfo(typeInfo); }
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
