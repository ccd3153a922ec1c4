using System.Buffers;
using System.Buffers.Binary;

namespace EdgeCtl.Inference.Imaging;

/// <summary>
/// Reads the first directory of a strip-organised greyscale TIFF through libtiff: 8-, 16- or
/// 32-bit unsigned/signed integers, or 32/64-bit IEEE floats (SampleFormat 1, 2, 3), one sample
/// per pixel (or RGB, converted to BT.601 luminance), MinIsBlack or MinIsWhite (inverted to
/// MinIsBlack for 8/16-bit). Pixel size is taken from XResolution when ResolutionUnit is
/// centimetre (pixels per cm → nm per pixel); otherwise it is unknown (NaN).
/// Source: TIFF 6.0 specification (Adobe, 1992), sections 8, 19 and the SampleFormat tag.
/// </summary>
internal static unsafe class TiffDecoder
{
    /// <exception cref="InvalidDataException">libtiff rejects the file (message included) or the layout is unsupported.</exception>
    public static GrayImage Read(string path)
    {
        LibTiffNative.EnsureInitialised();
        LibTiffNative.TakeLastError();
        IntPtr tif = LibTiffNative.TIFFOpen(path, "r");
        if (tif == IntPtr.Zero)
            throw new InvalidDataException($"{path}: libtiff cannot open the file ({LibTiffNative.TakeLastError()}).");
        try
        {
            uint width = 0, height = 0;
            ushort bits = 1, spp = 1, format = 1, planar = 1, photometric = 1, resUnit = 2;
            float xres = 0;
            if (LibTiffNative.TIFFGetField(tif, LibTiffNative.TagImageWidth, &width) == 0 ||
                LibTiffNative.TIFFGetField(tif, LibTiffNative.TagImageLength, &height) == 0)
                throw new InvalidDataException($"{path}: TIFF lacks ImageWidth/ImageLength.");
            LibTiffNative.TIFFGetFieldDefaulted(tif, LibTiffNative.TagBitsPerSample, &bits);
            LibTiffNative.TIFFGetFieldDefaulted(tif, LibTiffNative.TagSamplesPerPixel, &spp);
            LibTiffNative.TIFFGetFieldDefaulted(tif, LibTiffNative.TagSampleFormat, &format);
            LibTiffNative.TIFFGetFieldDefaulted(tif, LibTiffNative.TagPlanarConfig, &planar);
            if (LibTiffNative.TIFFGetField(tif, LibTiffNative.TagPhotometric, &photometric) == 0) photometric = 1;
            bool hasRes = LibTiffNative.TIFFGetField(tif, LibTiffNative.TagXResolution, &xres) != 0;
            LibTiffNative.TIFFGetFieldDefaulted(tif, LibTiffNative.TagResolutionUnit, &resUnit);

            if (width < 1 || height < 1 || width > GrayImage.MaxSide || height > GrayImage.MaxSide)
                throw new InvalidDataException($"{path}: TIFF is {width}×{height} px; expected 1..{GrayImage.MaxSide} px per side.");
            if (LibTiffNative.TIFFIsTiled(tif) != 0)
                throw new InvalidDataException($"{path}: tiled TIFF is not supported; expected strips.");
            if (spp != 1 && !(spp >= 3 && photometric == 2 && planar == 1))
                throw new InvalidDataException($"{path}: TIFF has {spp} samples per pixel (photometric {photometric}, planar {planar}); expected greyscale or contiguous RGB.");
            bool ok = (format, bits) switch
            {
                (1 or 2, 8 or 16 or 32) => true,
                (3, 32 or 64) => true,
                _ => false,
            };
            if (!ok)
                throw new InvalidDataException($"{path}: TIFF sample format {format} with {bits} bits is not supported; expected 8/16/32-bit integers or 32/64-bit floats.");

            int bytesPerSample = bits / 8;
            long lineBytes = LibTiffNative.TIFFScanlineSize64(tif);
            long expected = (long)width * spp * bytesPerSample;
            if (lineBytes < expected)
                throw new InvalidDataException($"{path}: TIFF scanline is {lineBytes} bytes; expected {expected}.");

            double pixelNm = double.NaN;
            if (hasRes && xres > 0 && float.IsFinite(xres) && resUnit == 3) pixelNm = 1e7 / xres; // pixels per cm

            var image = new GrayImage((int)width, (int)height, pixelNm);
            byte[] line = ArrayPool<byte>.Shared.Rent((int)lineBytes);
            try
            {
                fixed (byte* lp = line)
                {
                    for (uint y = 0; y < height; y++)
                    {
                        if (LibTiffNative.TIFFReadScanline(tif, lp, y, 0) < 0)
                        {
                            image.Dispose();
                            throw new InvalidDataException($"{path}: cannot read TIFF row {y} of {height} ({LibTiffNative.TakeLastError()}); the file is corrupt or truncated.");
                        }
                        ConvertRow(line.AsSpan(0, (int)expected), image.Row((int)y), format, bits, spp);
                    }
                }
            }
            finally { ArrayPool<byte>.Shared.Return(line); }

            if (photometric == 0 && format != 3) Invert(image.Pixels, bits);
            return image;
        }
        finally { LibTiffNative.TIFFClose(tif); }
    }

    private static void ConvertRow(ReadOnlySpan<byte> src, Span<float> dst, ushort format, ushort bits, ushort spp)
    {
        // TIFFReadScanline returns samples in host byte order (little-endian on our targets).
        for (int x = 0; x < dst.Length; x++)
        {
            if (spp == 1)
            {
                dst[x] = Sample(src, x, format, bits);
            }
            else
            {
                int i = x * spp;
                dst[x] = (float)(0.299 * Sample(src, i, format, bits) + 0.587 * Sample(src, i + 1, format, bits) + 0.114 * Sample(src, i + 2, format, bits));
            }
        }
    }

    private static float Sample(ReadOnlySpan<byte> s, int i, ushort format, ushort bits) => (format, bits) switch
    {
        (1, 8) => s[i],
        (2, 8) => (sbyte)s[i],
        (1, 16) => BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(i * 2)),
        (2, 16) => BinaryPrimitives.ReadInt16LittleEndian(s.Slice(i * 2)),
        (1, 32) => BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(i * 4)),
        (2, 32) => BinaryPrimitives.ReadInt32LittleEndian(s.Slice(i * 4)),
        (3, 32) => BinaryPrimitives.ReadSingleLittleEndian(s.Slice(i * 4)),
        _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(s.Slice(i * 8)),
    };

    private static void Invert(Span<float> p, ushort bits)
    {
        float max = bits == 8 ? 255f : bits == 16 ? 65535f : (float)uint.MaxValue;
        for (int i = 0; i < p.Length; i++) p[i] = max - p[i];
    }
}
