namespace EdgeCtl.Inference.Detection;

/// <summary>Body of one chunk of <see cref="ParallelRanges.For{TState}"/>: handles indices [<paramref name="from"/>, <paramref name="to"/>).</summary>
internal delegate void RangeAction<TState>(in TState state, int from, int to);

/// <summary>
/// Fork–join over an index range (rows or columns of a plane) for the classical detector's
/// filters: [0, count) is cut into up to <see cref="ChunksPerWorker"/> × <see cref="Workers"/>
/// contiguous chunks that the thread pool and the calling thread take one by one. Several chunks
/// per worker keep the join short when a worker thread is preempted on a busy machine (it then
/// holds one small chunk, not half the plane). Each element is still computed by the same
/// operations in the same order as in one serial pass, so results do not depend on the number of
/// chunks (or cores). Ranges with too little work for two chunks (&lt; 2 · <see cref="MinWorkPerChunk"/>
/// element operations) run serially on the caller, where fork and join (tens of µs) would cost more
/// than they save; this keeps the coarse pyramid levels serial.
/// </summary>
internal static class ParallelRanges
{
    /// <summary>Largest number of chunks: the logical processors of the machine.</summary>
    public static int Workers { get; internal set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Least work per chunk (element operations) for a range to be split.</summary>
    public const long MinWorkPerChunk = 1 << 15;

    /// <summary>Most chunks per worker.</summary>
    public const int ChunksPerWorker = 4;

    /// <summary>Runs <paramref name="body"/> over [0, <paramref name="count"/>) in chunks whose inner
    /// bounds are multiples of <paramref name="align"/> (e.g. whole cache lines of a row).</summary>
    /// <param name="count">Items (rows or columns).</param>
    /// <param name="workPerItem">Rough element operations per item, for the serial/parallel decision.</param>
    /// <param name="align">Chunk bounds are multiples of this (≥ 1).</param>
    /// <param name="state">Passed to every chunk.</param>
    /// <param name="body">Chunk body; must only write to data owned by its index range.</param>
    public static void For<TState>(int count, long workPerItem, int align, in TState state, RangeAction<TState> body)
        where TState : struct
    {
        int chunks = Workers <= 1 ? 1
            : (int)Math.Clamp(count * workPerItem / MinWorkPerChunk, 1, Math.Min(ChunksPerWorker * Workers, Math.Max(1, count / Math.Max(1, align))));
        if (chunks <= 1)
        {
            body(in state, 0, count);
            return;
        }
        var s = state;
        Parallel.For(0, chunks, c => body(in s, Bound(c, chunks, count, align), Bound(c + 1, chunks, count, align)));
    }

    private static int Bound(int c, int chunks, int count, int align) =>
        c >= chunks ? count : Math.Min(count, (int)((long)count * c / chunks / align * align));
}
