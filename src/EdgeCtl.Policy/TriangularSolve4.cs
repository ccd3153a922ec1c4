using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeCtl.Policy;

/// <summary>
/// Forward substitution L V = B for four right-hand sides at once over a <see cref="PackedCholesky"/> factor:
/// each row of L is loaded once and used for four SIMD dot products, which roughly halves the memory traffic of
/// four separate solves. This is the inner loop of <see cref="GaussianProcess.PredictMany"/>.
/// </summary>
internal static class TriangularSolve4
{
    /// <summary>Solves L vₖ = bₖ in place for k = 0..3; each span has length ≥ n = <paramref name="l"/>.Size.</summary>
    public static void SolveLowerInPlace(PackedCholesky l, Span<double> b0, Span<double> b1, Span<double> b2, Span<double> b3)
    {
        int n = l.Size;
        for (int i = 0; i < n; i++)
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
