namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Pool of the image-sized working planes of the classical detector (float and int planes of
/// width × height elements, 16 MB each at 2048²). Unlike <see cref="System.Buffers.ArrayPool{T}.Shared"/>,
/// whose cached arrays stay reachable for the life of the process, the cached planes can be
/// dropped with <see cref="Release"/>, so a caller about to need a lot of native memory (the SAM
/// encoder) can give them back to the operating system first. Between releases, a detector that
/// runs frame after frame on one image size reuses the same planes: no allocation per frame.
/// Thread-safe. Arrays are returned exactly once and are not cleared.
/// </summary>
internal static class PlanePool<T>
{
    // Enough for every plane the detector holds at once: ≈ 7 full-size planes plus ~4 per coarser
    // pyramid level (sizes differ by 4×, so a level cannot reuse a finer level's planes).
    private const int MaxCached = 64;
    private static readonly Lock Gate = new();
    private static readonly T[]?[] Cache = new T[MaxCached][];

    /// <summary>An array of at least <paramref name="length"/> elements (contents undefined): a cached one at most twice as long, else a new one.</summary>
    public static T[] Rent(int length)
    {
        lock (Gate)
        {
            int best = -1;
            for (int i = 0; i < MaxCached; i++)
            {
                var a = Cache[i];
                if (a is not null && a.Length >= length && a.Length <= 2L * length && (best < 0 || a.Length < Cache[best]!.Length)) best = i;
            }
            if (best >= 0)
            {
                var a = Cache[best]!;
                Cache[best] = null;
                return a;
            }
        }
        return GC.AllocateUninitializedArray<T>(Math.Max(1, length));
    }

    /// <summary>Gives <paramref name="array"/> back for reuse (dropped when the cache is full).</summary>
    public static void Return(T[] array)
    {
        lock (Gate)
        {
            for (int i = 0; i < MaxCached; i++)
                if (Cache[i] is null) { Cache[i] = array; return; }
        }
    }

    /// <summary>Drops every cached array (the garbage collector then reclaims them).</summary>
    public static void Release()
    {
        lock (Gate) Array.Clear(Cache);
    }
}

/// <summary>Releases the cached planes of every <see cref="PlanePool{T}"/> the detectors use.</summary>
public static class DetectionMemory
{
    /// <summary>
    /// Drops the classical detector's cached working planes and runs an aggressive, compacting
    /// full collection so that their memory goes back to the operating system (≈ 7 planes of
    /// width × height × 4 bytes, ~110 MB for a 2048² frame). Costs a full GC (tens of ms) and the
    /// next detection allocates its planes anew; meant for the moment before a large native
    /// allocation such as the SAM image encoder.
    /// </summary>
    public static void ReleaseCachedPlanes()
    {
        PlanePool<float>.Release();
        PlanePool<int>.Release();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
