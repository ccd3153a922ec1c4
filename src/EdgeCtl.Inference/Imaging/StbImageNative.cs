using System.Runtime.InteropServices;

namespace EdgeCtl.Inference.Imaging;

/// <summary>
/// P/Invoke binding to Sean Barrett's stb_image / stb_image_write as built by Debian
/// (package <c>libstb0</c>, <c>libstb.so.0</c>). Signatures from stb_image.h v2.27 and
/// stb_image_write.h v1.16.
/// </summary>
internal static unsafe partial class StbImageNative
{
    private const string Lib = "stb";

    static StbImageNative() => NativeLibraryResolver.Register(Lib, "libstb.so.0", "libstb.so");

    /// <summary>Decodes 8-bit pixels; returns a malloc'd buffer (free with <see cref="stbi_image_free"/>) or null.</summary>
    [LibraryImport(Lib)]
    internal static partial byte* stbi_load_from_memory(byte* buffer, int len, out int x, out int y, out int channelsInFile, int desiredChannels);

    /// <summary>Decodes 16-bit pixels (8-bit sources are scaled ×257).</summary>
    [LibraryImport(Lib)]
    internal static partial ushort* stbi_load_16_from_memory(byte* buffer, int len, out int x, out int y, out int channelsInFile, int desiredChannels);

    /// <summary>1 when the encoded image holds 16 bits per channel.</summary>
    [LibraryImport(Lib)]
    internal static partial int stbi_is_16_bit_from_memory(byte* buffer, int len);

    [LibraryImport(Lib)]
    internal static partial void stbi_image_free(void* data);

    /// <summary>Static string describing the last failure on this thread.</summary>
    [LibraryImport(Lib)]
    internal static partial byte* stbi_failure_reason();

    /// <summary>Encodes a PNG and hands the bytes to <paramref name="func"/> (possibly in several calls); returns 0 on failure.</summary>
    [LibraryImport(Lib)]
    internal static partial int stbi_write_png_to_func(
        delegate* unmanaged[Cdecl]<void*, void*, int, void> func, void* context, int w, int h, int comp, void* data, int strideBytes);

    /// <summary>The failure reason as a managed string ("unknown" when stb gives none).</summary>
    internal static string FailureReason()
    {
        byte* r = stbi_failure_reason();
        return r == null ? "unknown" : Marshal.PtrToStringUTF8((IntPtr)r) ?? "unknown";
    }
}
