using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace EdgeCtl.Policy;

/// <summary>
/// Lower-triangular Cholesky factor L (K = L Lᵀ) stored row-packed: row i occupies
/// <c>[i(i+1)/2, i(i+1)/2 + i]</c>, so every row is a contiguous span and a new row can be appended in O(n²)
/// (Cholesky–Banachiewicz) without touching earlier rows. A batch factorisation appends rows four at a time
/// (<see cref="PendingRow"/>, <see cref="SolvePendingBlock4"/>, then <see cref="CommitRow"/>), sharing each
/// loaded row of L between four new rows; it equals row-by-row appends up to rounding.
/// Storage grows by doubling the row capacity (amortised O(1) reallocations).
/// </summary>
public sealed class PackedCholesky
{
    private double[] _l;
    private int _capacity;

    /// <summary>Creates an empty factor with room for <paramref name="initialCapacity"/> rows (≥ 1).</summary>
    public PackedCholesky(int initialCapacity)
    {
        _capacity = Math.Max(1, initialCapacity);
        _l = new double[Packed(_capacity)];
    }

    /// <summary>Number of rows n of L.</summary>
    public int Size { get; private set; }

    /// <summary>Row capacity before the next reallocation.</summary>
    public int Capacity => _capacity;

    private static int Packed(int rows) => checked(rows * (rows + 1) / 2);

    /// <summary>Row i of L, entries L[i,0..i] (length i + 1, diagonal last).</summary>
    public ReadOnlySpan<double> Row(int i) => new(_l, i * (i + 1) / 2, i + 1);

    /// <summary>Diagonal entry L[i,i] &gt; 0.</summary>
    public double Diagonal(int i) => _l[i * (i + 1) / 2 + i];

    /// <summary>Removes all rows; keeps the storage.</summary>
    public void Clear() => Size = 0;

    /// <summary>Ensures room for <paramref name="rows"/> rows, doubling the capacity as needed.</summary>
    public void EnsureCapacity(int rows)
    {
        if (rows <= _capacity) return;
        int c = _capacity;
        while (c < rows) c = checked(c * 2);
        Array.Resize(ref _l, Packed(c));
        _capacity = c;
    }

    /// <summary>
    /// The writable off-diagonal part of the next row (length <see cref="Size"/>): the caller writes
    /// K[n, 0..n) here, then calls <see cref="CommitRow"/>. Grows the storage if needed.
    /// </summary>
    public Span<double> BeginRow()
    {
        EnsureCapacity(Size + 1);
        return new Span<double>(_l, Size * (Size + 1) / 2, Size);
    }

    /// <summary>
    /// The writable off-diagonal part (length <see cref="Size"/> + <paramref name="ahead"/>) of the row that will
    /// become row <see cref="Size"/> + <paramref name="ahead"/>, for batch factorisation. Grows the storage.
    /// </summary>
    /// <param name="ahead">0..7.</param>
    public Span<double> PendingRow(int ahead)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ahead);
        int i = Size + ahead;
        EnsureCapacity(i + 1);
        return new Span<double>(_l, i * (i + 1) / 2, i);
    }

    /// <summary>
    /// Forward-substitutes columns [0, n) of the four pending rows n..n+3 together (each row of L loaded once for
    /// four dot products); then <see cref="CommitRow"/> with solvedColumns = n finishes each of them in turn.
    /// </summary>
    public void SolvePendingBlock4()
    {
        EnsureCapacity(Size + 4);
        TriangularSolve4.SolveLowerInPlace(this, PendingRow(0), PendingRow(1), PendingRow(2), PendingRow(3));
    }

    /// <summary>
    /// As <see cref="SolvePendingBlock4"/> for the eight pending rows n..n+7 (columns [0, n)); commit the first four,
    /// then <see cref="SolvePendingBlockColumns4"/>, then commit the other four.
    /// </summary>
    public void SolvePendingBlock8()
    {
        EnsureCapacity(Size + 8);
        TriangularSolve4.SolveLowerInPlace(this, PendingRow(0), PendingRow(1), PendingRow(2), PendingRow(3),
            PendingRow(4), PendingRow(5), PendingRow(6), PendingRow(7));
    }

    /// <summary>
    /// Substitutes columns [<paramref name="from"/>, n) of the four pending rows n..n+3, whose columns before
    /// <paramref name="from"/> are solved already (the second half of an eight-row block, after its first four rows
    /// were committed: from = n − 4); the same arithmetic per entry as <see cref="SolvePendingBlock4"/>.
    /// </summary>
    public void SolvePendingBlockColumns4(int from)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, Size);
        EnsureCapacity(Size + 4);
        TriangularSolve4.SolveLowerInPlace(this, from, Size, PendingRow(0), PendingRow(1), PendingRow(2), PendingRow(3));
    }

    /// <summary>
    /// Turns the row written through <see cref="BeginRow"/> into row n of L in O(n²):
    /// L[n,j] = (K[n,j] − L[n,0..j)·L[j,0..j)) / L[j,j], L[n,n] = √(K[n,n] − ‖L[n,0..n)‖²).
    /// </summary>
    /// <param name="diagonal">K[n,n] including the noise variance.</param>
    /// <param name="solvedColumns">Leading columns already substituted by <see cref="SolvePendingBlock4"/> (0 otherwise).</param>
    /// <returns>false (and no row added) when the pivot is not positive, i.e. the matrix is not positive definite.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool CommitRow(double diagonal, int solvedColumns = 0)
    {
        int n = Size;
        int start = n * (n + 1) / 2;
        Span<double> row = new(_l, start, n + 1);
        for (int j = solvedColumns; j < n; j++)
        {
            int rj = j * (j + 1) / 2;
            double dot = TensorPrimitives.Dot(row[..j], new ReadOnlySpan<double>(_l, rj, j));
            row[j] = (row[j] - dot) / _l[rj + j];
        }
        double pivot = diagonal - TensorPrimitives.Dot(row[..n], row[..n]);
        if (!(pivot > 0) || !double.IsFinite(pivot)) return false;
        row[n] = Math.Sqrt(pivot);
        Size = n + 1;
        return true;
    }

    /// <summary>Solves L z = b in place (forward substitution, O(n²)). <paramref name="b"/> has length ≥ n; only [0, n) is used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SolveLowerInPlace(Span<double> b)
    {
        int n = Size;
        for (int i = 0; i < n; i++)
        {
            int ri = i * (i + 1) / 2;
            double dot = TensorPrimitives.Dot(new ReadOnlySpan<double>(_l, ri, i), b[..i]);
            b[i] = (b[i] - dot) / _l[ri + i];
        }
    }

    /// <summary>Solves Lᵀ z = b in place (back substitution by rows of L, O(n²)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SolveUpperTransposedInPlace(Span<double> b)
    {
        int n = Size;
        for (int i = n - 1; i >= 0; i--)
        {
            int ri = i * (i + 1) / 2;
            double zi = b[i] / _l[ri + i];
            b[i] = zi;
            if (i > 0)
            {
                // b[0..i) -= zi * L[i, 0..i)
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(_l, ri, i), -zi, b[..i], b[..i]);
            }
        }
    }

    /// <summary>Σ log L[i,i] = ½ log det K.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double HalfLogDeterminant()
    {
        double s = 0;
        for (int i = 0; i < Size; i++) s += Math.Log(Diagonal(i));
        return s;
    }

    /// <summary>Copies the factor of <paramref name="other"/> into this one (capacity grows as needed).</summary>
    public void CopyFrom(PackedCholesky other)
    {
        EnsureCapacity(other.Size);
        Array.Copy(other._l, _l, Packed(other.Size));
        Size = other.Size;
    }
}
