using System.Buffers.Binary;
using EdgeCtl.Realtime;

namespace EdgeCtl.Hil.ScanEngine;

/// <summary>SetBeamShift payload: beam shift relative to the FoV centre, nm.</summary>
public readonly record struct BeamShiftRequest(double XNm, double YNm)
{
    /// <summary>Decodes the 16-byte payload; non-finite values are a bad request (Error 1).</summary>
    public static BeamShiftRequest Parse(ReadOnlySpan<byte> p)
    {
        var r = new BeamShiftRequest(BinaryPrimitives.ReadDoubleLittleEndian(p), BinaryPrimitives.ReadDoubleLittleEndian(p[8..]));
        if (!double.IsFinite(r.XNm) || !double.IsFinite(r.YNm))
            throw new ScanRequestException(ScanErrorCode.BadRequest, "SetBeamShift: x_nm and y_nm must be finite");
        return r;
    }
}

/// <summary>AcquireImage payload (28 B): detector, width × height px, dwell per pixel (µs), FoV width (µm).</summary>
public readonly record struct ImageRequest(DetectorKind Detector, int Width, int Height, double DwellUs, double FovUm)
{
    /// <summary>Largest width or height, px.</summary>
    public const int MaxSide = 8192;

    /// <summary>Decodes and validates: reserved ≠ 0 → Error 1; detector, size, dwell or FoV out of limits → Error 3.</summary>
    public static ImageRequest Parse(ReadOnlySpan<byte> p)
    {
        ushort detector = BinaryPrimitives.ReadUInt16LittleEndian(p);
        ushort reserved = BinaryPrimitives.ReadUInt16LittleEndian(p[2..]);
        uint width = BinaryPrimitives.ReadUInt32LittleEndian(p[4..]);
        uint height = BinaryPrimitives.ReadUInt32LittleEndian(p[8..]);
        double dwell = BinaryPrimitives.ReadDoubleLittleEndian(p[12..]);
        double fov = BinaryPrimitives.ReadDoubleLittleEndian(p[20..]);
        if (reserved != 0)
            throw new ScanRequestException(ScanErrorCode.BadRequest, $"AcquireImage: reserved field is {reserved}, must be 0");
        if (detector > 1)
            throw new ScanRequestException(ScanErrorCode.InvalidAcquisition, $"AcquireImage: detector {detector} unknown (0 HAADF, 1 BF)");
        if (width is < 1 or > MaxSide || height is < 1 or > MaxSide)
            throw new ScanRequestException(ScanErrorCode.InvalidAcquisition, $"AcquireImage: {width} × {height} px outside 1..{MaxSide}");
        if (!(dwell > 0 && dwell <= 1000))
            throw new ScanRequestException(ScanErrorCode.InvalidAcquisition, $"AcquireImage: dwell_us {dwell} outside (0, 1000]");
        if (!(fov > 0 && fov <= 1000))
            throw new ScanRequestException(ScanErrorCode.InvalidAcquisition, $"AcquireImage: fov_um {fov} outside (0, 1000]");
        return new ImageRequest((DetectorKind)detector, (int)width, (int)height, dwell, fov);
    }
}

/// <summary>AcquireSpectrum payload (28 B): kind, probe position relative to the FoV centre (nm), seconds.</summary>
public readonly record struct SpectrumRequest(SpectrumKind Kind, double XNm, double YNm, double Seconds)
{
    /// <summary>Decodes and validates: reserved ≠ 0 or non-finite position → Error 1; kind or seconds out of limits → Error 3.</summary>
    public static SpectrumRequest Parse(ReadOnlySpan<byte> p)
    {
        ushort kind = BinaryPrimitives.ReadUInt16LittleEndian(p);
        ushort reserved = BinaryPrimitives.ReadUInt16LittleEndian(p[2..]);
        double x = BinaryPrimitives.ReadDoubleLittleEndian(p[4..]);
        double y = BinaryPrimitives.ReadDoubleLittleEndian(p[12..]);
        double seconds = BinaryPrimitives.ReadDoubleLittleEndian(p[20..]);
        if (reserved != 0)
            throw new ScanRequestException(ScanErrorCode.BadRequest, $"AcquireSpectrum: reserved field is {reserved}, must be 0");
        if (!double.IsFinite(x) || !double.IsFinite(y))
            throw new ScanRequestException(ScanErrorCode.BadRequest, "AcquireSpectrum: x_nm and y_nm must be finite");
        if (kind is not (1 or 2))
            throw new ScanRequestException(ScanErrorCode.InvalidAcquisition, $"AcquireSpectrum: kind {kind} unknown (1 EDX, 2 EELS)");
        if (!(seconds > 0 && seconds <= 3600))
            throw new ScanRequestException(ScanErrorCode.InvalidAcquisition, $"AcquireSpectrum: seconds {seconds} outside (0, 3600]");
        return new SpectrumRequest((SpectrumKind)kind, x, y, seconds);
    }
}

/// <summary>BeamBlank payload (1 B): 0 = unblank, 1 = blank; other values → Error 1.</summary>
public readonly record struct BeamBlankRequest(bool On)
{
    /// <summary>Decodes the payload.</summary>
    public static BeamBlankRequest Parse(ReadOnlySpan<byte> p) => p[0] switch
    {
        0 => new BeamBlankRequest(false),
        1 => new BeamBlankRequest(true),
        _ => throw new ScanRequestException(ScanErrorCode.BadRequest, $"BeamBlank: on must be 0 or 1 (got {p[0]})"),
    };
}
