using EdgeCtl.Realtime;

namespace EdgeCtl.Drivers;

/// <summary>Decodes the small scan-engine replies (wire-protocol.md §2, "Replies") from their payload bytes.</summary>
internal static class ReplyDecoder
{
    /// <summary>Throws unless <paramref name="header"/> is of type <paramref name="expected"/>.</summary>
    /// <exception cref="ProtocolException">Another (known) reply type arrived.</exception>
    public static void Expect(in FrameHeader header, MessageType expected, string device, RequestLabel request)
    {
        if (header.Type != expected)
            throw new ProtocolException(device, $"unexpected {header.Type} reply to {request} (expected {expected})");
    }

    /// <summary>Ack: f64 instrument_seconds.</summary>
    public static double Ack(ReadOnlySpan<byte> payload, string device)
    {
        var r = new PayloadReader(payload, device, "Ack");
        var t = r.F64();
        r.End();
        return t;
    }

    /// <summary>HelloReply; the protocol version must be 1.</summary>
    /// <exception cref="ProtocolException">Malformed payload or another protocol version.</exception>
    public static ScanEngineInfo Hello(ReadOnlySpan<byte> payload, string device)
    {
        var r = new PayloadReader(payload, device, "HelloReply");
        var version = r.U16();
        r.U16();
        var timeScale = r.F64();
        var t = r.F64();
        var range = r.F64();
        var width = r.U32();
        var name = r.String();
        r.End();
        if (version != FrameHeader.Version)
            throw new ProtocolException(device, $"HelloReply announces protocol version {version}; this client speaks {FrameHeader.Version}");
        if (!(timeScale > 0) || !double.IsFinite(timeScale))
            throw new ProtocolException(device, $"HelloReply time_scale {timeScale} is not a positive number");
        if (!(range > 0) || !double.IsFinite(range))
            throw new ProtocolException(device, $"HelloReply beam_shift_range_um {range} is not a positive number");
        if (width > ImageRequest.MaxSide)
            throw new ProtocolException(device, $"HelloReply preferred_image_width {width} exceeds {ImageRequest.MaxSide}");
        return new ScanEngineInfo(version, timeScale, t, range, (int)width, name);
    }

    /// <summary>StatusReply.</summary>
    public static ScanEngineStatus Status(ReadOnlySpan<byte> payload, string device)
    {
        var r = new PayloadReader(payload, device, "StatusReply");
        var t = r.F64();
        var x = r.F64();
        var y = r.F64();
        var blanked = r.U8();
        var interlock = r.U8();
        r.U16();
        var code = r.U32();
        r.End();
        return new ScanEngineStatus(t, x, y, blanked != 0, interlock != 0, code);
    }

    /// <summary>Error: u32 code, string text → the exception to throw.</summary>
    public static ScanEngineException Error(ReadOnlySpan<byte> payload, string device, RequestLabel request)
    {
        var r = new PayloadReader(payload, device, "Error");
        var code = r.U32();
        var text = r.String();
        r.End();
        return new ScanEngineException(device, request.ToString(), (ScanEngineErrorCode)code, text);
    }

    /// <summary>ImageHeader, checked against the request: same size and detector, 16 bits per pixel, positive finite pixel size.</summary>
    /// <exception cref="ProtocolException">The header does not describe the requested image.</exception>
    public static (double PixelSizeNm, double StageXUm, double StageYUm) ImageHeader(ReadOnlySpan<byte> payload, in ImageRequest req, string device, RequestLabel request)
    {
        var r = new PayloadReader(payload, device, "ImageHeader");
        var width = r.U32();
        var height = r.U32();
        var detector = r.U16();
        var bpp = r.U16();
        var pixelNm = r.F64();
        var sx = r.F64();
        var sy = r.F64();
        r.End();
        if (width != (uint)req.Width || height != (uint)req.Height)
            throw new ProtocolException(device, $"ImageHeader for {request} announces {width}×{height} pixels; {req.Width}×{req.Height} were requested");
        if (detector != (ushort)req.Detector)
            throw new ProtocolException(device, $"ImageHeader for {request} announces detector {detector}; {(ushort)req.Detector} ({req.Detector}) was requested");
        if (bpp != 16)
            throw new ProtocolException(device, $"ImageHeader for {request} announces {bpp} bits per pixel; only 16 is defined");
        if (!(pixelNm > 0) || !double.IsFinite(pixelNm) || !double.IsFinite(sx) || !double.IsFinite(sy))
            throw new ProtocolException(device, $"ImageHeader for {request} has pixel size {pixelNm} nm and stage ({sx}, {sy}) µm; expected finite values and a positive pixel size");
        return (pixelNm, sx, sy);
    }

    /// <summary>Wire value of a spectrum kind, or throws for an unknown one.</summary>
    public static SpectrumKind SpectrumKindOf(ushort value, string device, RequestLabel request) =>
        value is (ushort)SpectrumKind.Edx or (ushort)SpectrumKind.Eels
            ? (SpectrumKind)value
            : throw new ProtocolException(device, $"Spectrum reply to {request} has unknown kind {value}");
}
