using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace EdgeCtl.Hil.Tests.Support;

/// <summary>Test-side .npy reader (v1 headers, C order) for the replay comparison; independent of the rig's reader.</summary>
public static class NpyTestReader
{
    public static float[] Float32(string path) => Read(File.ReadAllBytes(path), "<f4", 4, (b, i) => BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(i)));

    public static ushort[] UInt16Gzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return Read(ms.ToArray(), "<u2", 2, (b, i) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(i)));
    }

    private static T[] Read<T>(byte[] bytes, string descr, int size, Func<byte[], int, T> get)
    {
        if (bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY" || bytes[6] != 1) throw new InvalidDataException("not a v1 .npy");
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        if (!header.Contains($"'descr': '{descr}'", StringComparison.Ordinal)) throw new InvalidDataException($"dtype is not {descr}: {header}");
        int start = 10 + headerLength;
        int count = (bytes.Length - start) / size;
        var data = new T[count];
        for (int i = 0; i < count; i++) data[i] = get(bytes, start + i * size);
        return data;
    }
}
