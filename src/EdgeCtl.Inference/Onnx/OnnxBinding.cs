using System.Runtime.InteropServices;

namespace EdgeCtl.Inference.Onnx;

/// <summary>
/// A session with fixed input and output tensors. <see cref="Run"/> passes pre-built native name
/// and value arrays to <c>OrtApi::Run</c>, so a steady-state run allocates no managed memory
/// (measured 0 B after warm-up). Not thread-safe: one binding per thread. Holds a reference on
/// the session and tensors until disposed (the tensors are not disposed with it). When the session
/// was opened with <see cref="OnnxSessionOptions.ShrinkArenaAfterRun"/>, the binding holds one
/// <c>OrtRunOptions</c> asking ORT to shrink the CPU arena at the end of every run.
/// </summary>
public sealed unsafe class OnnxBinding : IDisposable
{
    private readonly OnnxSession _session;
    private readonly IOnnxTensor[] _inputs, _outputs;
    private readonly byte** _inNames, _outNames;
    private readonly IntPtr* _inValues, _outValues;
    private readonly IntPtr _sessionPtr;
    private readonly OrtRunOptionsHandle? _runOptions;
    private readonly IntPtr _runOptionsPtr;
    private bool _disposed;

    internal OnnxBinding(OnnxSession session, string[] inputNames, IOnnxTensor[] inputs, string[] outputNames, IOnnxTensor[] outputs)
    {
        // Run options first: if ORT refuses them, nothing else has been taken yet.
        if (session.Options.ShrinkArenaAfterRun)
        {
            IntPtr ro;
            OrtNative.Check(OrtNative.CreateRunOptions(&ro), "CreateRunOptions", session.ModelPath);
            _runOptions = new OrtRunOptionsHandle(ro);
            fixed (byte* k = "memory.enable_memory_arena_shrinkage"u8)
            fixed (byte* v = "cpu:0"u8) // device type CPU, device id 0
                OrtNative.Check(OrtNative.AddRunConfigEntry(ro, k, v), "AddRunConfigEntry(memory.enable_memory_arena_shrinkage)", session.ModelPath);
            _runOptionsPtr = ro;
        }
        _session = session;
        _inputs = inputs;
        _outputs = outputs;
        bool added = false;
        session.Handle.DangerousAddRef(ref added);
        _sessionPtr = session.Handle.DangerousGetHandle();
        foreach (var t in inputs) { bool a = false; t.Value.DangerousAddRef(ref a); }
        foreach (var t in outputs) { bool a = false; t.Value.DangerousAddRef(ref a); }
        _inNames = NativeNames(inputNames);
        _outNames = NativeNames(outputNames);
        _inValues = (IntPtr*)NativeMemory.Alloc((nuint)Math.Max(1, inputs.Length), (nuint)sizeof(IntPtr));
        _outValues = (IntPtr*)NativeMemory.Alloc((nuint)Math.Max(1, outputs.Length), (nuint)sizeof(IntPtr));
        for (int i = 0; i < inputs.Length; i++) _inValues[i] = inputs[i].Value.DangerousGetHandle();
    }

    /// <summary>The session this binding runs.</summary>
    public OnnxSession Session => _session;

    /// <summary>Runs the model: reads the input tensors' spans, writes the output tensors' spans.</summary>
    /// <exception cref="OnnxRuntimeException">ORT failed (naming the model and "Run").</exception>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (int i = 0; i < _outputs.Length; i++) _outValues[i] = _outputs[i].Value.DangerousGetHandle();
        OrtNative.Check(OrtNative.Run(_sessionPtr, _runOptionsPtr, _inNames, _inValues, (nuint)_inputs.Length,
                                      _outNames, (nuint)_outputs.Length, _outValues), "Run", _session.ModelPath);
    }

    private static byte** NativeNames(string[] names)
    {
        var arr = (byte**)NativeMemory.Alloc((nuint)Math.Max(1, names.Length), (nuint)sizeof(byte*));
        for (int i = 0; i < names.Length; i++)
        {
            byte[] z = OnnxSession.Utf8z(names[i]);
            arr[i] = (byte*)NativeMemory.Alloc((nuint)z.Length);
            z.CopyTo(new Span<byte>(arr[i], z.Length));
        }
        return arr;
    }

    private static void FreeNames(byte** arr, int n)
    {
        for (int i = 0; i < n; i++) NativeMemory.Free(arr[i]);
        NativeMemory.Free(arr);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        FreeNames(_inNames, _inputs.Length);
        FreeNames(_outNames, _outputs.Length);
        NativeMemory.Free(_inValues);
        NativeMemory.Free(_outValues);
        _runOptions?.Dispose();
        foreach (var t in _inputs) t.Value.DangerousRelease();
        foreach (var t in _outputs) t.Value.DangerousRelease();
        _session.Handle.DangerousRelease();
    }
}
