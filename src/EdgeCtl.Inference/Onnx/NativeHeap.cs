using System.Runtime.InteropServices;

namespace EdgeCtl.Inference.Onnx;

/// <summary>
/// Returns free memory of the C heap to the operating system (glibc <c>malloc_trim(0)</c>).
/// ONNX Runtime allocates through malloc: loading a model frees its parsed protobuf and
/// pre-optimisation graph, and an encoder run without the memory arena frees its activations
/// (~270 MB for SAM's encoder at 1024²), but glibc keeps most freed heap pages mapped. Trimming
/// after those points keeps the resident set of a detection at its live data. On a C library
/// without <c>malloc_trim</c> (e.g. musl) this does nothing.
/// <para>Trimming alone is not enough at the peak: glibc raises its mmap threshold dynamically (up
/// to 32 MB) each time a large mmapped block is freed, so after the first encoder tensors the
/// rest come from the brk heap, where freed and live tensors interleave and the heap cannot
/// shrink below the highest live one. <see cref="MapLargeBlocks"/> fixes the threshold, so every
/// block of ≥ 1 MiB is its own mapping, returned to the system the moment ORT frees it.
/// Measured with <c>edgectl detect</c> (auto, int8) on the 2048-px Pd_silica4.jpg: peak RSS
/// 436 MB with the dynamic threshold, 348 MB with a fixed 1 MiB one.</para>
/// </summary>
internal static partial class NativeHeap
{
    private static bool _unavailable;

    /// <summary>Trims the heap; a no-op where unsupported. Allocation-free.</summary>
    public static void Trim()
    {
        if (_unavailable) return;
        try { malloc_trim(0); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { _unavailable = true; }
    }

    /// <summary>
    /// Serves every C-heap block of ≥ 1 MiB by its own mmap (glibc <c>mallopt(M_MMAP_THRESHOLD, 1 MiB)</c>,
    /// which also turns off the dynamic threshold), for the rest of the process. Costs a map and
    /// an unmap with fresh zeroed pages per large block; a no-op where unsupported. Idempotent.
    /// </summary>
    public static void MapLargeBlocks()
    {
        if (_unavailable) return;
        try { mallopt(MmapThreshold, LargeBlockBytes); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { _unavailable = true; }
    }

    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD in glibc's malloc.h
    private const int LargeBlockBytes = 1 << 20;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int param, int value);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int malloc_trim(nuint pad);
}
