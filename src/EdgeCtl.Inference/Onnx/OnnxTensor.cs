using System.Runtime.InteropServices;

namespace EdgeCtl.Inference.Onnx;

/// <summary>A tensor that can be bound to a session input or output.</summary>
public interface IOnnxTensor : IDisposable
{
    /// <summary>ONNX element type (1 float, 2 uint8, 3 int8, 6 int32, 7 int64).</summary>
    int ElementType { get; }

    /// <summary>Fixed shape.</summary>
    ReadOnlySpan<long> Shape { get; }

    internal OrtValueHandle Value { get; }
}

/// <summary>
/// A fixed-shape tensor whose elements live in a managed array on the pinned object heap, wrapped
/// by an <c>OrtValue</c> that points at it (<c>CreateTensorWithDataAsOrtValue</c>): ORT reads
/// inputs from and writes outputs into <see cref="Span"/> directly, with no copy, and the buffer
/// stays pinned for the value's whole life. Allocate once, reuse for every run.
/// </summary>
/// <typeparam name="T">float, byte, sbyte, int or long.</typeparam>
public sealed unsafe class OnnxTensor<T> : IOnnxTensor where T : unmanaged
{
    private readonly T[] _data;
    private readonly long[] _shape;
    private readonly OrtValueHandle _value;

    /// <summary>Allocates a zeroed tensor of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is not positive, or <typeparamref name="T"/> is not a supported element type.</exception>
    public OnnxTensor(params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ElementType = ElementTypeOf();
        long count = 1;
        foreach (var d in shape)
        {
            if (d <= 0) throw new ArgumentException($"tensor dimensions must be positive, got [{string.Join(",", shape)}]", nameof(shape));
            count = checked(count * d);
        }
        if (count > Array.MaxLength) throw new ArgumentException($"tensor [{string.Join(",", shape)}] too large", nameof(shape));
        _shape = (long[])shape.Clone();
        _data = GC.AllocateArray<T>((int)count, pinned: true);

        OrtEnvironment.EnsureLoaded();
        IntPtr value;
        fixed (long* s = _shape)
            OrtNative.Check(OrtNative.CreateTensorWithDataAsOrtValue(
                OrtNative.CpuMemoryInfo, System.Runtime.CompilerServices.Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_data)),
                (nuint)((long)count * sizeof(T)), s, (nuint)_shape.Length, ElementType, &value),
                "CreateTensorWithDataAsOrtValue", null);
        _value = new OrtValueHandle(value);
    }

    /// <inheritdoc />
    public int ElementType { get; }

    /// <inheritdoc />
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>The elements, row-major (C order).</summary>
    public Span<T> Span => _data;

    OrtValueHandle IOnnxTensor.Value => _value;

    private static int ElementTypeOf()
    {
        if (typeof(T) == typeof(float)) return OrtNative.ElementFloat;
        if (typeof(T) == typeof(byte)) return OrtNative.ElementUInt8;
        if (typeof(T) == typeof(sbyte)) return OrtNative.ElementInt8;
        if (typeof(T) == typeof(int)) return OrtNative.ElementInt32;
        if (typeof(T) == typeof(long)) return OrtNative.ElementInt64;
        throw new ArgumentException($"{typeof(T).Name} is not a supported tensor element type");
    }

    /// <summary>Releases the OrtValue (the array is then unpinned garbage).</summary>
    public void Dispose() => _value.Dispose();
}
