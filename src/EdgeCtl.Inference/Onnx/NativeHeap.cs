using System.Runtime.InteropServices;

namespace EdgeCtl.Inference.Onnx;

/// <summary>
/// Returns free memory of the C heap to the operating system (glibc <c>malloc_trim(0)</c>).
/// ONNX Runtime allocates through malloc: loading a model frees its parsed protobuf and
/// pre-optimisation graph, and an encoder run without the memory arena frees its activations
/// (~270 MB for SAM's encoder at 1024²), but glibc keeps most freed heap pages mapped. Trimming
/// after those points keeps the resident set of a detection at its live data. On a C library
/// without <c>malloc_trim</c> (e.g. musl) this does nothing.
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

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int malloc_trim(nuint pad);
}
