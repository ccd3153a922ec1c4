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
    /// <summary>Environment variable that sets <see cref="Workers"/> (1 … processor count).</summary>
    public const string WorkersVariable = "EDGECTL_DETECTOR_THREADS";

    /// <summary>
    /// Threads that share a range: <c>EDGECTL_DETECTOR_THREADS</c> (clamped to 1 … processor count), default 1.
    /// Serial by default because splitting did not pay on the 2-core development box: on the rig's 1024²
    /// frames at load ≈ 0–1, 2 workers took 0.17–0.19 s ("100") and 0.32–0.35 s ("300") per frame against
    /// 0.17–0.18 s and 0.20–0.21 s serial, with ~0.1 s more CPU per frame (waits and pool spinning);
    /// under load from other processes the split was slower still. Results are the same either way.
    /// </summary>
    public static int Workers { get; internal set; } = ReadWorkers();

    private static int ReadWorkers()
    {
        string? text = Environment.GetEnvironmentVariable(WorkersVariable);
        if (string.IsNullOrWhiteSpace(text)) return 1;
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1)
            throw new InvalidOperationException($"{WorkersVariable} must be a positive integer, got \"{text}\".");
        return Math.Min(n, Math.Max(1, Environment.ProcessorCount));
    }

    /// <summary>Least work per chunk (element operations) for a range to be split.</summary>
    public const long MinWorkPerChunk = 1 << 15;

    /// <summary>Most chunks per worker.</summary>
    public const int ChunksPerWorker = 4;

    /// <summary>Runs <paramref name="body"/> over [0, <paramref name="count"/>) in chunks whose inner
    /// bounds are multiples of <paramref name="align"/> (e.g. whole cache lines of a row). The first
    /// exception a chunk throws is rethrown here after every chunk has finished.</summary>
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
        var job = Job<TState>.Rent();
        job.Start(in state, body, count, chunks, align, helpers: Math.Min(Workers, chunks) - 1);
        job.RunChunks();
        job.WaitAndRelease();
    }

    private static int Bound(int c, int chunks, int count, int align) =>
        c >= chunks ? count : Math.Min(count, (int)((long)count * c / chunks / align * align));

    /// <summary>
    /// One fork–join, reusable: the caller and up to Workers − 1 thread-pool helpers take chunks by
    /// an atomic counter until none is left. Jobs are pooled per state type and queued as
    /// <see cref="IThreadPoolWorkItem"/>s, so a call allocates nothing once warm (Parallel.For
    /// allocated ~1.5 KB per call, ~230 KB per 1024² frame). A job goes back to the pool only when
    /// the caller and every helper, including one the pool starts after all chunks are done, have
    /// let go of it.
    /// </summary>
    private sealed class Job<TState> : IThreadPoolWorkItem where TState : struct
    {
        private const int MaxPooled = 8;
        private static readonly Lock PoolGate = new();
        private static readonly Stack<Job<TState>> Pool = new();

        private readonly ManualResetEventSlim _finished = new(false);
        private TState _state;
        private RangeAction<TState>? _body;
        private int _count, _chunks, _align;
        private int _next, _done, _refs;
        private Exception? _error;

        public static Job<TState> Rent()
        {
            lock (PoolGate)
                if (Pool.TryPop(out var job)) return job;
            return new Job<TState>();
        }

        public void Start(in TState state, RangeAction<TState> body, int count, int chunks, int align, int helpers)
        {
            _state = state;
            _body = body;
            _count = count;
            _chunks = chunks;
            _align = align;
            _next = 0;
            _done = 0;
            _error = null;
            _finished.Reset();
            _refs = 1 + helpers;
            // Queueing publishes the fields above to the helpers (full fence).
            for (int i = 0; i < helpers; i++) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        /// <inheritdoc />
        public void Execute()
        {
            RunChunks();
            Release();
        }

        public void RunChunks()
        {
            int c;
            while ((c = Interlocked.Increment(ref _next) - 1) < _chunks)
            {
                try { _body!(in _state, Bound(c, _chunks, _count, _align), Bound(c + 1, _chunks, _count, _align)); }
                catch (Exception e) { Interlocked.CompareExchange(ref _error, e, null); }
                if (Interlocked.Increment(ref _done) == _chunks) _finished.Set();
            }
        }

        public void WaitAndRelease()
        {
            _finished.Wait();
            var error = _error;
            Release();
            if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }

        private void Release()
        {
            if (Interlocked.Decrement(ref _refs) != 0) return;
            _state = default;
            _body = null;
            _error = null;
            lock (PoolGate)
                if (Pool.Count < MaxPooled) Pool.Push(this);
        }
    }
}
