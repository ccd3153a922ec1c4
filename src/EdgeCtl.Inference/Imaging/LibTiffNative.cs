using System.Runtime.InteropServices;

namespace EdgeCtl.Inference.Imaging;

/// <summary>
/// P/Invoke binding to libtiff 4.x (Debian package <c>libtiff6</c>, <c>libtiff.so.6</c>).
/// <c>TIFFGetField</c> is variadic; it is bound with one pointer argument, which the x86-64
/// SysV and AArch64 (Linux) calling conventions pass exactly as a variadic pointer. Each tag is
/// read into a local of the width libtiff documents for it (uint32 for sizes, uint16 for the
/// sample description). Errors and warnings are captured per thread instead of printed.
/// </summary>
internal static unsafe partial class LibTiffNative
{
    private const string Lib = "tiff";

    internal const uint TagImageWidth = 256;
    internal const uint TagImageLength = 257;
    internal const uint TagBitsPerSample = 258;
    internal const uint TagPhotometric = 262;
    internal const uint TagSamplesPerPixel = 277;
    internal const uint TagXResolution = 282;
    internal const uint TagPlanarConfig = 284;
    internal const uint TagResolutionUnit = 296;
    internal const uint TagSampleFormat = 339;

    [ThreadStatic] private static string? _lastError;

    static LibTiffNative()
    {
        NativeLibraryResolver.Register(Lib, "libtiff.so.6", "libtiff.so.5", "libtiff.so");
        TIFFSetErrorHandler(&OnError);
        TIFFSetWarningHandler(&OnWarning);
    }

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr TIFFOpen(string path, string mode);

    [LibraryImport(Lib)]
    internal static partial void TIFFClose(IntPtr tif);

    [LibraryImport(Lib)]
    internal static partial int TIFFGetField(IntPtr tif, uint tag, void* value);

    [LibraryImport(Lib)]
    internal static partial int TIFFGetFieldDefaulted(IntPtr tif, uint tag, void* value);

    [LibraryImport(Lib)]
    internal static partial int TIFFIsTiled(IntPtr tif);

    [LibraryImport(Lib)]
    internal static partial long TIFFScanlineSize64(IntPtr tif);

    [LibraryImport(Lib)]
    internal static partial int TIFFReadScanline(IntPtr tif, void* buf, uint row, ushort sample);

    [LibraryImport(Lib)]
    private static partial IntPtr TIFFSetErrorHandler(delegate* unmanaged[Cdecl]<byte*, byte*, IntPtr, void> handler);

    [LibraryImport(Lib)]
    private static partial IntPtr TIFFSetWarningHandler(delegate* unmanaged[Cdecl]<byte*, byte*, IntPtr, void> handler);

    /// <summary>Ensures the static constructor (library load, handlers) ran.</summary>
    internal static void EnsureInitialised() { }

    /// <summary>Returns and clears the last libtiff error on this thread (module: format string).</summary>
    internal static string TakeLastError()
    {
        var e = _lastError ?? "no message from libtiff";
        _lastError = null;
        return e;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void OnError(byte* module, byte* fmt, IntPtr args)
    {
        // The va_list is not expanded (no portable way); the format string names the problem.
        var m = module == null ? "" : Marshal.PtrToStringUTF8((IntPtr)module) + ": ";
        var f = fmt == null ? "" : Marshal.PtrToStringUTF8((IntPtr)fmt);
        _lastError = m + f;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void OnWarning(byte* module, byte* fmt, IntPtr args)
    {
        // Warnings (unknown private tags, e.g. ImageJ/tifffile metadata) are harmless: ignore.
    }
}
