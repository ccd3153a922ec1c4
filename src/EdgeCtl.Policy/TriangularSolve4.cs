using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeCtl.Policy;

/// <summary>
/// Forward substitution L V = B for four or eight right-hand sides at once over a <see cref="PackedCholesky"/>
/// factor: each row of L is loaded once and used for four (eight) SIMD dot products, which cuts the memory traffic
/// of separate solves and gives the CPU four (eight) independent FMA chains. This is the inner loop of
/// <see cref="GaussianProcess.PredictMany"/> and of the batch factorisation.
/// <para>
/// Every right-hand side sees exactly the same arithmetic in both widths (one <see cref="Vector{T}"/> accumulator
/// per right-hand side, summed across lanes, then a scalar tail), so grouping points by four or by eight gives
/// bit-identical results; seeded campaigns and simulations therefore do not depend on the grouping.
/// </para>
/// </summary>
internal static class TriangularSolve4
{
    /// <summary>Solves L vₖ = bₖ in place for k = 0..3; each span has length ≥ n = <paramref name="l"/>.Size.</summary>
    public static void SolveLowerInPlace(PackedCholesky l, Span<double> b0, Span<double> b1, Span<double> b2, Span<double> b3) =>
        SolveLowerInPlace(l, 0, l.Size, b0, b1, b2, b3);

    /// <summary>
    /// Substitutes columns [<paramref name="from"/>, <paramref name="to"/>) of L vₖ = bₖ in place for k = 0..3, the
    /// columns before <paramref name="from"/> being solved already; rows of L up to <paramref name="to"/> − 1 are read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveLowerInPlace(PackedCholesky l, int from, int to, Span<double> b0, Span<double> b1, Span<double> b2, Span<double> b3)
    {
        for (int i = from; i < to; i++)
        {
            ReadOnlySpan<double> row = l.Row(i);
            Dot4(row[..i], b0, b1, b2, b3, out double s0, out double s1, out double s2, out double s3);
            double d = row[i];
            b0[i] = (b0[i] - s0) / d;
            b1[i] = (b1[i] - s1) / d;
            b2[i] = (b2[i] - s2) / d;
            b3[i] = (b3[i] - s3) / d;
        }
    }

    /// <summary>Solves L vₖ = bₖ in place for k = 0..7; each span has length ≥ n = <paramref name="l"/>.Size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveLowerInPlace(PackedCholesky l, Span<double> b0, Span<double> b1, Span<double> b2, Span<double> b3,
        Span<double> b4, Span<double> b5, Span<double> b6, Span<double> b7)
    {
        int n = l.Size;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = l.Row(i);
            Dot8(row[..i], b0, b1, b2, b3, b4, b5, b6, b7, out double s0, out double s1, out double s2, out double s3,
                out double s4, out double s5, out double s6, out double s7);
            double d = row[i];
            b0[i] = (b0[i] - s0) / d;
            b1[i] = (b1[i] - s1) / d;
            b2[i] = (b2[i] - s2) / d;
            b3[i] = (b3[i] - s3) / d;
            b4[i] = (b4[i] - s4) / d;
            b5[i] = (b5[i] - s5) / d;
            b6[i] = (b6[i] - s6) / d;
            b7[i] = (b7[i] - s7) / d;
        }
    }

    /// <summary>sₖ = Σⱼ row[j]·bₖ[j] for j &lt; row.Length, k = 0..7; per k the same operations as <see cref="Dot4"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot8(ReadOnlySpan<double> row, ReadOnlySpan<double> b0, ReadOnlySpan<double> b1,
        ReadOnlySpan<double> b2, ReadOnlySpan<double> b3, ReadOnlySpan<double> b4, ReadOnlySpan<double> b5,
        ReadOnlySpan<double> b6, ReadOnlySpan<double> b7, out double s0, out double s1, out double s2, out double s3,
        out double s4, out double s5, out double s6, out double s7)
    {
        int len = row.Length;
        ref double r = ref MemoryMarshal.GetReference(row);
        ref double p0 = ref MemoryMarshal.GetReference(b0);
        ref double p1 = ref MemoryMarshal.GetReference(b1);
        ref double p2 = ref MemoryMarshal.GetReference(b2);
        ref double p3 = ref MemoryMarshal.GetReference(b3);
        ref double p4 = ref MemoryMarshal.GetReference(b4);
        ref double p5 = ref MemoryMarshal.GetReference(b5);
        ref double p6 = ref MemoryMarshal.GetReference(b6);
        ref double p7 = ref MemoryMarshal.GetReference(b7);
        int j = 0;
        s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = 0;
        if (Vector.IsHardwareAccelerated && len >= Vector<double>.Count)
        {
            var a0 = Vector<double>.Zero;
            var a1 = Vector<double>.Zero;
            var a2 = Vector<double>.Zero;
            var a3 = Vector<double>.Zero;
            var a4 = Vector<double>.Zero;
            var a5 = Vector<double>.Zero;
            var a6 = Vector<double>.Zero;
            var a7 = Vector<double>.Zero;
            int w = Vector<double>.Count;
            for (; j <= len - w; j += w)
            {
                var rv = Vector.LoadUnsafe(ref r, (nuint)j);
                a0 = Vector.FusedMultiplyAdd(rv, Vector.LoadUnsafe(ref p0, (nuint)j), a0);
                a1 = Vector.FusedMultiplyAdd(rv, Vector.LoadUnsafe(ref p1, (nuint)j), a1);
                a2 = Vector.FusedMultiplyAdd(rv, Vector.LoadUnsafe(ref p2, (nuint)j), a2);
                a3 = Vector.FusedMultiplyAdd(rv, Vector.LoadUnsafe(ref p3, (nuint)j), a3);
                a4 = Vector.FusedMultiplyAdd(rv, Vector.LoadUnsafe(ref p4, (nuint)j), a4);
                a5 = Vector.FusedMultiplyAdd(rv, Vector.LoadUnsafe(ref p5, (nuint)j), a5);
                a6 = Vector.FusedMultiplyAdd(rv, Vector.LoadUnsafe(ref p6, (nuint)j), a6);
                a7 = Vector.FusedMultiplyAdd(rv, Vector.LoadUnsafe(ref p7, (nuint)j), a7);
            }
            s0 = Vector.Sum(a0);
            s1 = Vector.Sum(a1);
            s2 = Vector.Sum(a2);
            s3 = Vector.Sum(a3);
            s4 = Vector.Sum(a4);
            s5 = Vector.Sum(a5);
            s6 = Vector.Sum(a6);
            s7 = Vector.Sum(a7);
        }
        for (; j < len; j++)
        {
            double rv = Unsafe.Add(ref r, j);
            s0 += rv * Unsafe.Add(ref p0, j);
            s1 += rv * Unsafe.Add(ref p1, j);
            s2 += rv * Unsafe.Add(ref p2, j);
            s3 += rv * Unsafe.Add(ref p3, j);
            s4 += rv * Unsafe.Add(ref p4, j);
            s5 += rv * Unsafe.Add(ref p5, j);
            s6 += rv * Unsafe.Add(ref p6, j);
            s7 += rv * Unsafe.Add(ref p7, j);
        }
    }

    /// <summary>sₖ = Σⱼ row[j]·bₖ[j] for j &lt; row.Length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot4(ReadOnlySpan<double> row, ReadOnlySpan<double> b0, ReadOnlySpan<double> b1,
        ReadOnlySpan<double> b2, ReadOnlySpan<double> b3, out double s0, out double s1, out double s2, out double s3)
    {
        int len = row.Length;
        ref double r = ref MemoryMarshal.GetReference(row);
        ref double p0 = ref MemoryMarshal.GetReference(b0);
        ref double p1 = ref MemoryMarshal.GetReference(b1);
        ref double p2 = ref MemoryMarshal.GetReference(b2);
        ref double p3 = ref MemoryMarshal.GetReference(b3);
        int j = 0;
        s0 = s1 = s2 = s3 = 0;
        if (Vector.IsHardwareAccelerated && len >= Vector<double>.Count)
        {
            var a0 = Vector<double>.Zero;
            var a1 = Vector<double>.Zero;
            var a2 = Vector<double>.Zero;
            var a3 = Vector<double>.Zero;
            int w = Vector<double>.Count;
            for (; j <= len - w; j += w)
            {
                var rv = Vector.LoadUnsafe(ref r, (nuint)j);
                a0 = Vector.FusedMultiplyAdd(rv, Vector.LoadUnsafe(ref p0, (nuint)j), a0);
                a1 = Vector.FusedMultiplyAdd(rv, Vector.LoadUnsafe(ref p1, (nuint)j), a1);
                a2 = Vector.FusedMultiplyAdd(rv, Vector.LoadUnsafe(ref p2, (nuint)j), a2);
                a3 = Vector.FusedMultiplyAdd(rv, Vector.LoadUnsafe(ref p3, (nuint)j), a3);
            }
            s0 = Vector.Sum(a0);
            s1 = Vector.Sum(a1);
            s2 = Vector.Sum(a2);
            s3 = Vector.Sum(a3);
        }
        for (; j < len; j++)
        {
            double rv = Unsafe.Add(ref r, j);
            s0 += rv * Unsafe.Add(ref p0, j);
            s1 += rv * Unsafe.Add(ref p1, j);
            s2 += rv * Unsafe.Add(ref p2, j);
            s3 += rv * Unsafe.Add(ref p3, j);
        }
    }
}
