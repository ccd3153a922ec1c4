using System.Buffers.Binary;
using System.Text;

namespace EdgeCtl.Drivers.Tests.Support;

/// <summary>Builds scan-engine frames byte by byte per docs/wire-protocol.md §2, independently of the driver's encoder.</summary>
internal static class Wire
{
    public const ushort Ack = 0x8000, HelloReply = 0x8001, ImageHeader = 0x8003, ImageLines = 0x8004,
        ImageEnd = 0x8005, Spectrum = 0x8006, StatusReply = 0x8007, Error = 0x80FF;

    public static byte[] Frame(ushort type, uint id, byte[] payload, string magic = "EDGE", ushort version = 1, uint? length = null)
    {
        var f = new byte[16 + payload.Length];
        Encoding.ASCII.GetBytes(magic, f);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(4), version);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(6), type);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(8), id);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(12), length ?? (uint)payload.Length);
        payload.CopyTo(f, 16);
        return f;
    }

    public static byte[] F64(double v) { var b = new byte[8]; BinaryPrimitives.WriteDoubleLittleEndian(b, v); return b; }
    public static byte[] U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }
    public static byte[] U16(ushort v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); return b; }
    public static byte[] Str(string s) { var u = Encoding.UTF8.GetBytes(s); return [.. U16((ushort)u.Length), .. u]; }

    public static byte[] Hello(uint id, double timeScale = 1000, double t = 12.5, double rangeUm = 30, uint preferredWidth = 128, string name = "scripted scan engine") =>
        Frame(HelloReply, id, [.. U16(1), .. U16(0), .. F64(timeScale), .. F64(t), .. F64(rangeUm), .. U32(preferredWidth), .. Str(name)]);

    public static byte[] AckFrame(uint id, double t) => Frame(Ack, id, F64(t));

    public static byte[] Header(uint id, uint width, uint height, ushort detector = 0, ushort bpp = 16, double pixelNm = 8.5, double sx = 150, double sy = 120) =>
        Frame(ImageHeader, id, [.. U32(width), .. U32(height), .. U16(detector), .. U16(bpp), .. F64(pixelNm), .. F64(sx), .. F64(sy)]);

    /// <summary>Rows [first, first+count) of an image whose pixel (col,row) is <see cref="Pixel"/>.</summary>
    public static byte[] Lines(uint id, int width, int first, int count)
    {
        var p = new byte[8 + 2 * width * count];
        BinaryPrimitives.WriteUInt32LittleEndian(p, (uint)first);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(4), (uint)count);
        for (var r = 0; r < count; r++)
            for (var c = 0; c < width; c++)
                BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(8 + 2 * (r * width + c)), Pixel(c, first + r));
        return Frame(ImageLines, id, p);
    }

    public static ushort Pixel(int col, int row) => (ushort)(row * 1000 + col * 7 + 3);

    public static byte[] End(uint id, double t) => Frame(ImageEnd, id, F64(t));

    public static byte[] SpectrumFrame(uint id, ushort kind, uint[] counts, double offset, double scale, double live, double t) =>
        Frame(Spectrum, id, [.. U16(kind), .. U16(0), .. U32((uint)counts.Length), .. F64(offset), .. F64(scale), .. F64(live), .. F64(t),
            .. counts.SelectMany(U32)]);

    public static byte[] Status(uint id, double t, double x, double y, bool blanked, bool interlock, uint lastError) =>
        Frame(StatusReply, id, [.. F64(t), .. F64(x), .. F64(y), (byte)(blanked ? 1 : 0), (byte)(interlock ? 1 : 0), .. U16(0), .. U32(lastError)]);

    public static byte[] ErrorFrame(uint id, uint code, string text) => Frame(Error, id, [.. U32(code), .. Str(text)]);
}
