using System.Buffers;

namespace EdgeCtl.Realtime;

/// <summary>
/// A scan-engine image: <see cref="Height"/> rows × <see cref="Width"/> columns of 16-bit detector
/// counts, row-major, in a buffer rented from <see cref="ArrayPool{T}.Shared"/>. Dispose returns
/// the buffer; the frame must not be used afterwards.
/// </summary>
public sealed class ImageFrame16 : IDisposable
{
    private ushort[]? _buffer;

    /// <summary>Rents a frame of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not in 1..16384.</exception>
    public ImageFrame16(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 16384);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 16384);
        Width = width;
        Height = height;
        _buffer = ArrayPool<ushort>.Shared.Rent(width * height);
    }

    /// <summary>Columns (pixels).</summary>
    public int Width { get; }
    /// <summary>Rows (pixels).</summary>
    public int Height { get; }
    /// <summary>Detector that produced the frame.</summary>
    public DetectorKind Detector { get; set; }
    /// <summary>Pixel size in nm (FoV / width).</summary>
    public double PixelSizeNm { get; set; }
    /// <summary>Stage X of the FoV centre when acquired, µm.</summary>
    public double StageXUm { get; set; }
    /// <summary>Stage Y of the FoV centre when acquired, µm.</summary>
    public double StageYUm { get; set; }
    /// <summary>Instrument time at the end of the acquisition, s.</summary>
    public double InstrumentSeconds { get; set; }

    /// <summary>All pixels, row-major (length Width × Height).</summary>
    public Span<ushort> Pixels => (_buffer ?? throw new ObjectDisposedException(nameof(ImageFrame16))).AsSpan(0, Width * Height);

    /// <summary>One row.</summary>
    public Span<ushort> Row(int y) => Pixels.Slice(y * Width, Width);

    /// <inheritdoc />
    public void Dispose()
    {
        var b = Interlocked.Exchange(ref _buffer, null);
        if (b is not null) ArrayPool<ushort>.Shared.Return(b);
    }
}
