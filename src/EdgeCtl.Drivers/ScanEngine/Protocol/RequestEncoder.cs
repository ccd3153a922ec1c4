using System.Buffers.Binary;
using EdgeCtl.Realtime;

namespace EdgeCtl.Drivers;

/// <summary>Encodes scan-engine requests (wire-protocol.md §2, "Requests") into a caller buffer of ≥ <see cref="MaxFrame"/> bytes.</summary>
internal static class RequestEncoder
{
    /// <summary>Largest request frame, bytes (header + 28-byte payload).</summary>
    public const int MaxFrame = FrameHeader.Size + 28;

    /// <summary>A request with an empty payload (Hello, Retune, Status). Returns the frame length.</summary>
    public static int Empty(Span<byte> dest, MessageType type, uint id)
    {
        FrameHeader.Write(dest, type, id, 0);
        return FrameHeader.Size;
    }

    /// <summary>SetBeamShift: f64 x_nm, f64 y_nm.</summary>
    public static int SetBeamShift(Span<byte> dest, uint id, double xNm, double yNm)
    {
        FrameHeader.Write(dest, MessageType.SetBeamShift, id, 16);
        var p = dest[FrameHeader.Size..];
        BinaryPrimitives.WriteDoubleLittleEndian(p, xNm);
        BinaryPrimitives.WriteDoubleLittleEndian(p[8..], yNm);
        return FrameHeader.Size + 16;
    }

    /// <summary>AcquireImage: u16 detector, u16 0, u32 width, u32 height, f64 dwell_us, f64 fov_um.</summary>
    public static int AcquireImage(Span<byte> dest, uint id, in ImageRequest r)
    {
        FrameHeader.Write(dest, MessageType.AcquireImage, id, 28);
        var p = dest[FrameHeader.Size..];
        BinaryPrimitives.WriteUInt16LittleEndian(p, (ushort)r.Detector);
        BinaryPrimitives.WriteUInt16LittleEndian(p[2..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(p[4..], (uint)r.Width);
        BinaryPrimitives.WriteUInt32LittleEndian(p[8..], (uint)r.Height);
        BinaryPrimitives.WriteDoubleLittleEndian(p[12..], r.DwellUs);
        BinaryPrimitives.WriteDoubleLittleEndian(p[20..], r.FovUm);
        return FrameHeader.Size + 28;
    }

    /// <summary>AcquireSpectrum: u16 kind, u16 0, f64 x_nm, f64 y_nm, f64 seconds.</summary>
    public static int AcquireSpectrum(Span<byte> dest, uint id, SpectrumKind kind, double xNm, double yNm, double seconds)
    {
        FrameHeader.Write(dest, MessageType.AcquireSpectrum, id, 28);
        var p = dest[FrameHeader.Size..];
        BinaryPrimitives.WriteUInt16LittleEndian(p, (ushort)kind);
        BinaryPrimitives.WriteUInt16LittleEndian(p[2..], 0);
        BinaryPrimitives.WriteDoubleLittleEndian(p[4..], xNm);
        BinaryPrimitives.WriteDoubleLittleEndian(p[12..], yNm);
        BinaryPrimitives.WriteDoubleLittleEndian(p[20..], seconds);
        return FrameHeader.Size + 28;
    }

    /// <summary>BeamBlank: u8 on.</summary>
    public static int BeamBlank(Span<byte> dest, uint id, bool on)
    {
        FrameHeader.Write(dest, MessageType.BeamBlank, id, 1);
        dest[FrameHeader.Size] = on ? (byte)1 : (byte)0;
        return FrameHeader.Size + 1;
    }
}
