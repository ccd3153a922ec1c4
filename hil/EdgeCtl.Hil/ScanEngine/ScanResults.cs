using System.Buffers;
using EdgeCtl.Realtime;

namespace EdgeCtl.Hil.ScanEngine;

/// <summary>Content of a HelloReply (docs/wire-protocol.md §2).</summary>
/// <param name="TimeScale">Instrument seconds per wall second.</param>
/// <param name="InstrumentSeconds">T after the request.</param>
/// <param name="BeamShiftRangeUm">Full width of the beam-shift range = overview FoV, µm.</param>
/// <param name="PreferredImageWidth">Native tile width, px (0 = any).</param>
/// <param name="Name">Instrument name.</param>
public sealed record HelloInfo(double TimeScale, double InstrumentSeconds, double BeamShiftRangeUm, uint PreferredImageWidth, string Name);

/// <summary>Content of a StatusReply.</summary>
public readonly record struct StatusInfo(double InstrumentSeconds, double BeamShiftXNm, double BeamShiftYNm, bool BeamBlanked, bool InterlockOk, uint LastErrorCode);

/// <summary>
/// An acquired image: Width × Height u16 pixels, row-major, row 0 = top, in a buffer rented from
/// <see cref="ArrayPool{T}.Shared"/> (returned by Dispose), with the ImageHeader fields.
/// </summary>
public sealed class AcquiredImage : IDisposable
{
    private ushort[]? _pixels;

    /// <summary>Rents the pixel buffer.</summary>
    public AcquiredImage(int width, int height)
    {
        Width = width;
        Height = height;
        _pixels = ArrayPool<ushort>.Shared.Rent(width * height);
    }

    /// <summary>Columns.</summary>
    public int Width { get; }
    /// <summary>Rows.</summary>
    public int Height { get; }
    /// <summary>Detector.</summary>
    public DetectorKind Detector { get; init; }
    /// <summary>Pixel size, nm.</summary>
    public double PixelSizeNm { get; init; }
    /// <summary>x of the FoV centre, µm.</summary>
    public double CentreXUm { get; init; }
    /// <summary>y of the FoV centre, µm.</summary>
    public double CentreYUm { get; init; }
    /// <summary>T at the end of the acquisition, s.</summary>
    public double EndSeconds { get; set; }
    /// <summary>The pixels.</summary>
    public Span<ushort> Pixels => (_pixels ?? throw new ObjectDisposedException(nameof(AcquiredImage))).AsSpan(0, Width * Height);

    /// <inheritdoc />
    public void Dispose()
    {
        var p = Interlocked.Exchange(ref _pixels, null);
        if (p is not null) ArrayPool<ushort>.Shared.Return(p);
    }
}

/// <summary>An acquired spectrum (Spectrum reply fields), counts in a rented buffer returned by Dispose.</summary>
public sealed class AcquiredSpectrum : IDisposable
{
    private uint[]? _counts;

    /// <summary>Rents the counts buffer.</summary>
    public AcquiredSpectrum(SpectrumKind kind, int channels, double offset, double scale)
    {
        Kind = kind;
        Channels = channels;
        Offset = offset;
        Scale = scale;
        _counts = ArrayPool<uint>.Shared.Rent(channels);
    }

    /// <summary>EDX or EELS.</summary>
    public SpectrumKind Kind { get; }
    /// <summary>Channels.</summary>
    public int Channels { get; }
    /// <summary>Energy of channel 0: keV (EDX) or eV (EELS).</summary>
    public double Offset { get; }
    /// <summary>Channel width: keV (EDX) or eV (EELS).</summary>
    public double Scale { get; }
    /// <summary>Live seconds.</summary>
    public double LiveSeconds { get; init; }
    /// <summary>T at the end of the acquisition, s.</summary>
    public double EndSeconds { get; set; }
    /// <summary>The counts.</summary>
    public Span<uint> Counts => (_counts ?? throw new ObjectDisposedException(nameof(AcquiredSpectrum))).AsSpan(0, Channels);

    /// <inheritdoc />
    public void Dispose()
    {
        var c = Interlocked.Exchange(ref _counts, null);
        if (c is not null) ArrayPool<uint>.Shared.Return(c);
    }
}
