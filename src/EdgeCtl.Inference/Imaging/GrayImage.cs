using System.Buffers;
using EdgeCtl.Realtime;

namespace EdgeCtl.Inference.Imaging;

/// <summary>
/// A single-channel image: <see cref="Height"/> rows × <see cref="Width"/> columns of float32
/// intensities, row-major (index = y · Width + x, x right, y down), in a buffer rented from
/// <see cref="ArrayPool{T}.Shared"/>. Intensities keep the source's units (8-bit grey levels,
/// detector counts, or the float values of a TIFF/NPY). Dispose returns the buffer; the image
/// must not be used afterwards.
/// </summary>
public sealed class GrayImage : IDisposable
{
    /// <summary>Largest accepted side, px (same bound as <see cref="ImageFrame16"/>).</summary>
    public const int MaxSide = 16384;

    private float[]? _buffer;

    /// <summary>Rents a zero-filled image of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <param name="width">Columns, 1..<see cref="MaxSide"/>.</param>
    /// <param name="height">Rows, 1..<see cref="MaxSide"/>.</param>
    /// <param name="pixelSizeNm">Pixel size in nm, or NaN when the calibration is unknown.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is outside 1..<see cref="MaxSide"/>, or the pixel size is not NaN and not positive and finite.</exception>
    public GrayImage(int width, int height, double pixelSizeNm = double.NaN)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxSide);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxSide);
        if (!double.IsNaN(pixelSizeNm) && !(pixelSizeNm > 0 && double.IsFinite(pixelSizeNm)))
            throw new ArgumentOutOfRangeException(nameof(pixelSizeNm), pixelSizeNm, "Pixel size must be positive and finite, or NaN when unknown.");
        Width = width;
        Height = height;
        PixelSizeNm = pixelSizeNm;
        _buffer = ArrayPool<float>.Shared.Rent(width * height);
        Array.Clear(_buffer, 0, width * height);
    }

    /// <summary>Columns (pixels).</summary>
    public int Width { get; }

    /// <summary>Rows (pixels).</summary>
    public int Height { get; }

    /// <summary>Pixel size in nm; NaN when unknown (e.g. a JPEG without calibration).</summary>
    public double PixelSizeNm { get; }

    /// <summary>True when <see cref="PixelSizeNm"/> is known.</summary>
    public bool IsCalibrated => !double.IsNaN(PixelSizeNm);

    /// <summary>All pixels, row-major (length Width × Height).</summary>
    /// <exception cref="ObjectDisposedException">The image was disposed.</exception>
    public Span<float> Pixels => (_buffer ?? throw new ObjectDisposedException(nameof(GrayImage))).AsSpan(0, Width * Height);

    /// <summary>Row <paramref name="y"/> (length Width).</summary>
    public Span<float> Row(int y) => Pixels.Slice(y * Width, Width);

    /// <summary>Pixel at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public float this[int x, int y]
    {
        get => Pixels[y * Width + x];
        set => Pixels[y * Width + x] = value;
    }

    /// <summary>
    /// Copies a scan-engine frame (u16 counts → float32, exact) with the frame's pixel size
    /// (a non-positive or non-finite frame pixel size becomes NaN = unknown).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    public static GrayImage FromFrame(ImageFrame16 frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        double px = frame.PixelSizeNm > 0 && double.IsFinite(frame.PixelSizeNm) ? frame.PixelSizeNm : double.NaN;
        var image = new GrayImage(frame.Width, frame.Height, px);
        ReadOnlySpan<ushort> src = frame.Pixels;
        Span<float> dst = image.Pixels;
        for (int i = 0; i < src.Length; i++) dst[i] = src[i];
        return image;
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> naming <paramref name="source"/> when a pixel is
    /// NaN or infinite; the detector cannot rank or threshold such values.
    /// </summary>
    public void EnsureFinite(string source)
    {
        ReadOnlySpan<float> p = Pixels;
        for (int i = 0; i < p.Length; i++)
        {
            if (!float.IsFinite(p[i]))
                throw new InvalidDataException(
                    $"{source}: pixel ({i % Width}, {i / Width}) is {p[i]}; expected finite intensities.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var b = Interlocked.Exchange(ref _buffer, null);
        if (b is not null) ArrayPool<float>.Shared.Return(b);
    }
}
