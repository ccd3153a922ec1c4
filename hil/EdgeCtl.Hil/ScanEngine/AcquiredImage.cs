using System.Buffers;
using EdgeCtl.Realtime;

namespace EdgeCtl.Hil.ScanEngine;

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
