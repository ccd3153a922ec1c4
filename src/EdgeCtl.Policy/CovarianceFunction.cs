using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeCtl.Policy;

/// <summary>
/// Isotropic stationary kernels k(r) evaluated from the squared Euclidean distance r² between two compositions.
/// Allocation-free; used on the per-decision hot path.
/// </summary>
public static class CovarianceFunction
{
    private const double Sqrt5 = 2.2360679774997896964;

    /// <summary>
    /// k(r) for <paramref name="kind"/>: Matérn 5/2, s²(1 + √5 r/ℓ + 5r²/(3ℓ²)) exp(−√5 r/ℓ) (Rasmussen &amp; Williams eq 4.17),
    /// or RBF, s² exp(−r²/(2ℓ²)) (eq 4.9).
    /// </summary>
    /// <param name="kind">Kernel family.</param>
    /// <param name="squaredDistance">r² ≥ 0 in composition units².</param>
    /// <param name="lengthScale">ℓ &gt; 0.</param>
    /// <param name="signalVariance">s² &gt; 0.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Evaluate(KernelKind kind, double squaredDistance, double lengthScale, double signalVariance)
    {
        if (kind == KernelKind.Rbf)
            return signalVariance * Math.Exp(-0.5 * squaredDistance / (lengthScale * lengthScale));
        double r = Math.Sqrt(squaredDistance) / lengthScale;
        double s = Sqrt5 * r;
        return signalVariance * (1.0 + s + s * s / 3.0) * Math.Exp(-s);
    }

    /// <summary>Squared Euclidean distance between two points of equal length D.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }

    /// <summary>
    /// Vectorised <see cref="Evaluate"/> over a span: replaces each squared distance r² in
    /// <paramref name="squaredDistanceInKernelOut"/> by k(r). <paramref name="scratch"/> (same length or longer)
    /// is overwritten. SIMD through <see cref="TensorPrimitives"/>; allocation-free.
    /// </summary>
    public static void EvaluateMany(KernelKind kind, Span<double> squaredDistanceInKernelOut, double lengthScale,
        double signalVariance, Span<double> scratch)
    {
        Span<double> k = squaredDistanceInKernelOut;
        int n = k.Length;
        if (n == 0) return;
        if (kind == KernelKind.Rbf)
        {
            TensorPrimitives.Multiply(k, -0.5 / (lengthScale * lengthScale), k);
            TensorPrimitives.Exp(k, k);
            TensorPrimitives.Multiply(k, signalVariance, k);
            return;
        }
        Span<double> e = scratch[..n];
        TensorPrimitives.Sqrt(k, k);
        TensorPrimitives.Multiply(k, Sqrt5 / lengthScale, k);   // k ← s = √5 r / ℓ
        TensorPrimitives.Negate(k, e);
        TensorPrimitives.Exp(e, e);                               // e ← exp(−s)
        // k ← s² (1 + s + s²/3) exp(−s)
        ref double pk = ref MemoryMarshal.GetReference(k);
        ref double pe = ref MemoryMarshal.GetReference(e);
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var third = new Vector<double>(1.0 / 3.0);
            var one = Vector<double>.One;
            var amp = new Vector<double>(signalVariance);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
            {
                var sv = Vector.LoadUnsafe(ref pk, (nuint)i);
                var poly = Vector.FusedMultiplyAdd(sv, Vector.FusedMultiplyAdd(sv, third, one), one);
                (amp * poly * Vector.LoadUnsafe(ref pe, (nuint)i)).StoreUnsafe(ref pk, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double sv = Unsafe.Add(ref pk, i);
            Unsafe.Add(ref pk, i) = signalVariance * (1.0 + sv + sv * sv / 3.0) * Unsafe.Add(ref pe, i);
        }
    }
}
