using System.Buffers.Binary;
using EdgeCtl.Inference.Imaging;
using EdgeCtl.Realtime;
using EdgeCtl.Tests;
using Xunit;

namespace EdgeCtl.Inference.Tests;

public sealed class ImagingReaderTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("edgectl-imaging-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private static string Converted(string set, string name) => SharedData.File(set, "converted", name);

    /// <summary>Independent NPY parse: fixed 128-byte v1 header of these files, little-endian values.</summary>
    private static double[] RawNpy(string path, int itemSize, Func<byte[], int, double> read)
    {
        var bytes = File.ReadAllBytes(path);
        int headerLen = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        int start = 10 + headerLen;
        var values = new double[(bytes.Length - start) / itemSize];
        for (int i = 0; i < values.Length; i++) values[i] = read(bytes, start + i * itemSize);
        return values;
    }

    [Theory]
    [InlineData("sio2-haadf-edx-particlespy", "sio2_haadf", 128, 128, 4)]
    [InlineData("edx-eels-hyperspy-debian", "bcf_test_TEM_haadf", 64, 64, 2)]
    [InlineData("edx-eels-hyperspy-debian", "jeol_rawdata_image", 512, 512, 1)]
    public void TiffAndNpyTwinsDecodeToTheSamePixelsAsARawParse(string set, string stem, int width, int height, int itemSize)
    {
        using var npy = ImageReader.Read(Converted(set, stem + ".npy"));
        using var tif = ImageReader.Read(Converted(set, stem + ".tif"));
        Assert.Equal((width, height), (npy.Width, npy.Height));
        Assert.Equal((width, height), (tif.Width, tif.Height));

        Func<byte[], int, double> read = itemSize switch
        {
            1 => static (b, o) => b[o],
            2 => static (b, o) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(o)),
            _ => static (b, o) => BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(o)),
        };
        var raw = RawNpy(Converted(set, stem + ".npy"), itemSize, read);
        Assert.Equal(width * height, raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            Assert.Equal((float)raw[i], npy.Pixels[i]);
            Assert.Equal((float)raw[i], tif.Pixels[i]);
        }
        // Not a constant image (guards against an all-zero decode matching an all-zero parse).
        Assert.True(raw.Max() > raw.Min());
    }

    [Fact]
    public void DisplayPngIsAMonotoneStretchOfTheFloatImage()
    {
        using var png = ImageReader.Read(Converted("sio2-haadf-edx-particlespy", "sio2_haadf_8bit.png"));
        using var npy = ImageReader.Read(Converted("sio2-haadf-edx-particlespy", "sio2_haadf.npy"));
        Assert.Equal((128, 128), (png.Width, png.Height));
        Assert.True(double.IsNaN(png.PixelSizeNm));
        double r = Correlation(png.Pixels.ToArray(), npy.Pixels.ToArray());
        Assert.True(r > 0.98, $"PNG vs NPY correlation {r}");
        foreach (var v in png.Pixels) Assert.True(v >= 0 && v <= 255 && v == MathF.Round(v));
    }

    [Theory]
    [InlineData("Cu1.jpg", 640)]
    [InlineData("Pt_carbon1.jpg", 2048)]
    public void JpegDecodesToLuminanceAndRoundTripsThroughPng(string name, int side)
    {
        using var jpg = ImageReader.Read(SharedData.File("haadf-nanoparticles-genc2025", "images", name));
        Assert.Equal((side, side), (jpg.Width, jpg.Height));
        var bytes = new byte[jpg.Width * jpg.Height];
        float min = float.MaxValue, max = float.MinValue;
        for (int i = 0; i < bytes.Length; i++)
        {
            float v = jpg.Pixels[i];
            Assert.True(v >= 0 && v <= 255 && v == MathF.Round(v));
            bytes[i] = (byte)v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        Assert.True(max - min > 100, $"dynamic range {min}..{max}");

        var path = Path.Combine(_tmp, "roundtrip.png");
        PngWriter.WriteGray(path, jpg.Width, jpg.Height, bytes);
        using var back = ImageReader.Read(path);
        Assert.Equal(jpg.Pixels.ToArray(), back.Pixels.ToArray());
    }

    [Fact]
    public void RgbPngRoundTripConvertsToBt601Luminance()
    {
        var rgb = new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255, 90, 90, 90 };
        var path = Path.Combine(_tmp, "rgb.png");
        PngWriter.WriteRgb(path, 2, 2, rgb);
        using var img = ImageReader.Read(path);
        // stb: Y = (77 R + 150 G + 29 B) >> 8.
        Assert.Equal(new float[] { 76, 149, 28, 90 }, img.Pixels.ToArray());
    }

    [Theory]
    [InlineData("sio2-haadf-edx-particlespy", "sio2_haadf_8bit.png")]
    [InlineData("sio2-haadf-edx-particlespy", "sio2_haadf.tif")]
    [InlineData("sio2-haadf-edx-particlespy", "sio2_haadf.npy")]
    public void TruncatedFileGivesAnErrorNamingTheFile(string set, string name)
    {
        var bytes = File.ReadAllBytes(Converted(set, name));
        var path = Path.Combine(_tmp, "cut_" + name);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => ImageReader.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void TruncatedJpegGivesAnErrorNamingTheFile()
    {
        var bytes = File.ReadAllBytes(SharedData.File("haadf-nanoparticles-genc2025", "images", "Ru3.jpg"));
        var path = Path.Combine(_tmp, "cut_Ru3.jpg");
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => ImageReader.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void GarbageAndEmptyFilesAreRejected()
    {
        var garbage = Path.Combine(_tmp, "garbage.jpg");
        File.WriteAllBytes(garbage, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 + 11)).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => ImageReader.Read(garbage));
        Assert.Contains("garbage.jpg", e.Message);

        var empty = Path.Combine(_tmp, "empty.png");
        File.WriteAllBytes(empty, []);
        Assert.Contains("empty", Assert.Throws<InvalidDataException>(() => ImageReader.Read(empty)).Message);

        Assert.Throws<FileNotFoundException>(() => ImageReader.Read(Path.Combine(_tmp, "missing.tif")));
    }

    [Fact]
    public void NpyWithNaNOrWrongShapeIsRejected()
    {
        var nan = Path.Combine(_tmp, "nan.npy");
        WriteNpy(nan, "<f4", "(2, 3)", [1f, 2f, float.NaN, 4f, 5f, 6f]);
        var e = Assert.Throws<InvalidDataException>(() => ImageReader.Read(nan));
        Assert.Contains("(2, 0)", e.Message);
        Assert.Contains("NaN", e.Message);

        var cube = Path.Combine(_tmp, "cube.npy");
        WriteNpy(cube, "<f4", "(1, 2, 3)", [1f, 2f, 3f, 4f, 5f, 6f]);
        Assert.Contains("2-D", Assert.Throws<InvalidDataException>(() => ImageReader.Read(cube)).Message);

        var ok = Path.Combine(_tmp, "ok.npy");
        WriteNpy(ok, "<f4", "(2, 3)", [1f, 2f, 3f, 4f, 5f, 6f]);
        using var img = ImageReader.Read(ok);
        Assert.Equal((3, 2), (img.Width, img.Height));
        Assert.Equal(6f, img[2, 1]);
    }

    [Fact]
    public void ZeroSizedAndAbsurdlyLargeDimensionsAreRejectedNamingTheFile()
    {
        var zero = Path.Combine(_tmp, "zero.npy");
        WriteNpy(zero, "<f4", "(0, 3)", []);
        var e = Assert.Throws<InvalidDataException>(() => ImageReader.Read(zero));
        Assert.Contains(zero, e.Message);
        Assert.Contains("3×0 px", e.Message);

        var huge = Path.Combine(_tmp, "huge.npy");
        WriteNpy(huge, "<f4", "(100000, 100000)", [1f, 2f]); // header claims 40 GB, the file holds 8 bytes
        var h = Assert.Throws<InvalidDataException>(() => ImageReader.Read(huge));
        Assert.Contains(huge, h.Message);
        Assert.Contains("100000×100000 px", h.Message);

        // A PNG whose IHDR claims 1 000 000 × 1 px: stb refuses it or the size check does; either way the file is named.
        var png = Path.Combine(_tmp, "huge.png");
        byte[] ihdr = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R',
                       0x00, 0x0F, 0x42, 0x40, 0, 0, 0, 1, 8, 0, 0, 0, 0, 0, 0, 0, 0];
        File.WriteAllBytes(png, ihdr);
        Assert.Contains(png, Assert.Throws<InvalidDataException>(() => ImageReader.Read(png)).Message);
    }

    [Fact]
    public void FromFrameCopiesCountsAndPixelSize()
    {
        using var frame = new ImageFrame16(3, 2) { PixelSizeNm = 29.3 };
        for (int i = 0; i < 6; i++) frame.Pixels[i] = (ushort)(i * 10000);
        using var img = GrayImage.FromFrame(frame);
        Assert.Equal((3, 2, 29.3), (img.Width, img.Height, img.PixelSizeNm));
        Assert.Equal(new float[] { 0, 10000, 20000, 30000, 40000, 50000 }, img.Pixels.ToArray());

        using var uncalibrated = new ImageFrame16(1, 1);
        using var u = GrayImage.FromFrame(uncalibrated);
        Assert.True(double.IsNaN(u.PixelSizeNm));
    }

    private static void WriteNpy(string path, string descr, string shape, float[] values)
    {
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        header = header.PadRight(117) + "\n"; // 10 + 118 = 128 bytes
        using var fs = File.Create(path);
        fs.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        fs.Write(len);
        fs.Write(System.Text.Encoding.ASCII.GetBytes(header));
        Span<byte> f = stackalloc byte[4];
        foreach (var v in values) { BinaryPrimitives.WriteSingleLittleEndian(f, v); fs.Write(f); }
    }

    private static double Correlation(float[] a, float[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb); }
        return sab / Math.Sqrt(saa * sbb);
    }
}
