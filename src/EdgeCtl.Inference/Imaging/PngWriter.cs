using System.Buffers;
using System.Runtime.InteropServices;

namespace EdgeCtl.Inference.Imaging;

/// <summary>
/// Writes 8-bit RGB or greyscale PNG files, encoded by stb_image_write (<c>stbi_write_png_to_func</c>
/// in Debian's <c>libstb.so.0</c>); the bytes are collected in managed memory and written with
/// ordinary file I/O so that I/O errors surface as .NET exceptions naming the file.
/// </summary>
public static unsafe class PngWriter
{
    /// <summary>Writes an RGB image.</summary>
    /// <param name="path">Output file (overwritten).</param>
    /// <param name="width">Columns, px (≥ 1).</param>
    /// <param name="height">Rows, px (≥ 1).</param>
    /// <param name="rgb">Row-major R, G, B bytes; length ≥ width · height · 3.</param>
    /// <exception cref="ArgumentException">Sizes do not match.</exception>
    /// <exception cref="IOException">Encoding or writing fails (message names the file).</exception>
    public static void WriteRgb(string path, int width, int height, ReadOnlySpan<byte> rgb) => Write(path, width, height, 3, rgb);

    /// <summary>Writes a greyscale image (one byte per pixel, row-major, length ≥ width · height).</summary>
    /// <exception cref="ArgumentException">Sizes do not match.</exception>
    /// <exception cref="IOException">Encoding or writing fails.</exception>
    public static void WriteGray(string path, int width, int height, ReadOnlySpan<byte> gray) => Write(path, width, height, 1, gray);

    /// <summary>Encodes to PNG bytes in memory (components 1 = grey, 3 = RGB, 4 = RGBA).</summary>
    /// <exception cref="ArgumentException">Sizes do not match.</exception>
    /// <exception cref="IOException">stb fails to encode.</exception>
    public static byte[] Encode(int width, int height, int components, ReadOnlySpan<byte> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (components is not (1 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(components), components, "Expected 1, 3 or 4 components.");
        long needed = (long)width * height * components;
        if (pixels.Length < needed)
            throw new ArgumentException($"Pixel buffer holds {pixels.Length} bytes; {width}×{height}×{components} needs {needed}.", nameof(pixels));

        var sink = new Sink(new ArrayBufferWriter<byte>((int)Math.Min(needed / 2 + 1024, int.MaxValue / 2)));
        var handle = GCHandle.Alloc(sink);
        try
        {
            int ok;
            fixed (byte* p = pixels)
            {
                ok = StbImageNative.stbi_write_png_to_func(&Collect, (void*)GCHandle.ToIntPtr(handle), width, height, components, p, width * components);
            }
            if (ok == 0 || sink.Error is not null)
                throw new IOException($"stb_image_write failed to encode a {width}×{height}×{components} PNG{(sink.Error is null ? "" : ": " + sink.Error.Message)}.", sink.Error);
        }
        finally { handle.Free(); }
        return sink.Buffer.WrittenSpan.ToArray();
    }

    private static void Write(string path, int width, int height, int components, ReadOnlySpan<byte> pixels)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] png;
        try { png = Encode(width, height, components, pixels); }
        catch (IOException e) { throw new IOException($"{path}: {e.Message}", e); }
        File.WriteAllBytes(path, png);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Collect(void* context, void* data, int size)
    {
        // Never let an exception cross into C: remember it and report after stb returns.
        var sink = (Sink)GCHandle.FromIntPtr((IntPtr)context).Target!;
        if (sink.Error is not null) return;
        try
        {
            new ReadOnlySpan<byte>(data, size).CopyTo(sink.Buffer.GetSpan(size));
            sink.Buffer.Advance(size);
        }
        catch (Exception e) { sink.Error = e; }
    }

    private sealed class Sink(ArrayBufferWriter<byte> buffer)
    {
        public ArrayBufferWriter<byte> Buffer { get; } = buffer;
        public Exception? Error { get; set; }
    }
}
