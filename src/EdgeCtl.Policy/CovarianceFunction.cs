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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        TensorPrimitives.Sqrt(k, k);
        MaternFromDistance(k, k, lengthScale, signalVariance, scratch);
    }

    /// <summary>
    /// The part of the kernel argument that does not depend on the hyperparameters, in place: r = √r² for Matérn 5/2,
    /// r² unchanged for RBF. <see cref="EvaluateFromDistanceTerms"/> then gives exactly <see cref="EvaluateMany"/>'s
    /// values (same operations), so a GP can cache these terms across the factorisations of a hyperparameter search.
    /// </summary>
    /// <param name="kind">Kernel family.</param>
    /// <param name="squaredDistanceInTermsOut">r² in, the cached term out.</param>
    public static void DistanceTerms(KernelKind kind, Span<double> squaredDistanceInTermsOut)
    {
        if (kind != KernelKind.Rbf) TensorPrimitives.Sqrt(squaredDistanceInTermsOut, squaredDistanceInTermsOut);
    }

    /// <summary>
    /// k from the terms of <see cref="DistanceTerms"/>, bit-identical to <see cref="EvaluateMany"/> on the r² they
    /// came from. Allocation-free.
    /// </summary>
    /// <param name="kind">Kernel family.</param>
    /// <param name="terms">r (Matérn) or r² (RBF), length n.</param>
    /// <param name="lengthScale">ℓ &gt; 0.</param>
    /// <param name="signalVariance">s² &gt; 0.</param>
    /// <param name="result">Length ≥ n; receives k.</param>
    /// <param name="scratch">Length ≥ n; overwritten.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void EvaluateFromDistanceTerms(KernelKind kind, ReadOnlySpan<double> terms, double lengthScale, double signalVariance,
        Span<double> result, Span<double> scratch)
    {
        int n = terms.Length;
        if (n == 0) return;
        Span<double> k = result[..n];
        if (kind == KernelKind.Rbf)
        {
            TensorPrimitives.Multiply(terms, -0.5 / (lengthScale * lengthScale), k);
            TensorPrimitives.Exp(k, k);
            TensorPrimitives.Multiply(k, signalVariance, k);
            return;
        }
        MaternFromDistance(terms, k, lengthScale, signalVariance, scratch);
    }

    /// <summary>k ← s²(1 + s + s²/3) exp(−s) with s = √5 r/ℓ; <paramref name="r"/> may alias <paramref name="result"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaternFromDistance(ReadOnlySpan<double> r, Span<double> result, double lengthScale, double signalVariance,
        Span<double> scratch)
    {
        Span<double> k = result[..r.Length];
        int n = k.Length;
        Span<double> e = scratch[..n];
        TensorPrimitives.Multiply(r, Sqrt5 / lengthScale, k);   // k ← s = √5 r / ℓ
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
