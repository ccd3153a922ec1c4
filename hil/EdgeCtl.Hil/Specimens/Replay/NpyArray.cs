using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using EdgeCtl.Hil.Cli;

namespace EdgeCtl.Hil.Specimens.Replay;

/// <summary>
/// Minimal reader of NumPy <c>.npy</c> files (format versions 1–3,
/// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): magic <c>\x93NUMPY</c>,
/// version, little-endian header length (u16 for v1, u32 for v2/3), a Python-literal dict with
/// <c>descr</c>, <c>fortran_order</c>, <c>shape</c>, then the raw C-order array. Only the dtypes the rig
/// needs are supported (<c>&lt;f4</c>, <c>&lt;u2</c>); the expected dtype and shape are checked and any
/// mismatch is a <see cref="RigUsageException"/> naming the file.
/// </summary>
public static class NpyArray
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a little-endian float32 array of exactly <paramref name="shape"/> from a .npy file.</summary>
    public static float[] ReadFloat32(string path, params int[] shape)
    {
        using var stream = File.OpenRead(path);
        return ReadArray<float>(stream, path, "<f4", shape);
    }

    /// <summary>Reads a little-endian uint16 array of exactly <paramref name="shape"/> from a gzip-compressed .npy file.</summary>
    public static ushort[] ReadUInt16Gzip(string path, params int[] shape)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return ReadArray<ushort>(gzip, path, "<u2", shape);
    }

    private static T[] ReadArray<T>(Stream stream, string path, string descr, int[] shape) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
            throw new RigUsageException($"'{path}': the NPY reader supports little-endian hosts only");
        var (actualDescr, fortran, actualShape) = ReadHeader(stream, path);
        if (actualDescr != descr)
            throw new RigUsageException($"'{path}': dtype is '{actualDescr}', expected '{descr}'");
        if (fortran)
            throw new RigUsageException($"'{path}': fortran_order is True, expected C order");
        if (!actualShape.AsSpan().SequenceEqual(shape))
            throw new RigUsageException($"'{path}': shape is ({string.Join(", ", actualShape)}), expected ({string.Join(", ", shape)})");
        long count = 1;
        foreach (int d in shape) count *= d;
        var data = new T[count];
        try
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        }
        catch (EndOfStreamException)
        {
            throw new RigUsageException($"'{path}': file ends before the {count} elements its header announces");
        }
        return data;
    }

    private static (string Descr, bool Fortran, int[] Shape) ReadHeader(Stream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[8];
        try
        {
            stream.ReadExactly(prefix);
        }
        catch (EndOfStreamException)
        {
            throw new RigUsageException($"'{path}': too short to be a .npy file");
        }
        if (!prefix[..6].SequenceEqual(Magic))
            throw new RigUsageException($"'{path}': not a .npy file (magic \\x93NUMPY missing)");
        byte major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            Span<byte> len = stackalloc byte[2];
            stream.ReadExactly(len);
            headerLength = len[0] | len[1] << 8;
        }
        else if (major is 2 or 3)
        {
            Span<byte> len = stackalloc byte[4];
            stream.ReadExactly(len);
            headerLength = BitConverter.ToInt32(len);
        }
        else
        {
            throw new RigUsageException($"'{path}': unsupported .npy format version {major}");
        }
        if (headerLength is <= 0 or > 1 << 20)
            throw new RigUsageException($"'{path}': implausible .npy header length {headerLength}");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        string text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(header);
        return (ParseDescr(text, path), ParseFortran(text, path), ParseShape(text, path));
    }

    private static int ValueStart(string header, string key, string path)
    {
        int k = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (k < 0) throw new RigUsageException($"'{path}': .npy header has no '{key}' entry");
        int colon = header.IndexOf(':', k);
        if (colon < 0) throw new RigUsageException($"'{path}': malformed .npy header near '{key}'");
        int i = colon + 1;
        while (i < header.Length && header[i] == ' ') i++;
        return i;
    }

    private static string ParseDescr(string header, string path)
    {
        int i = ValueStart(header, "descr", path);
        if (i >= header.Length || header[i] is not ('\'' or '"'))
            throw new RigUsageException($"'{path}': .npy 'descr' is not a string (structured dtypes are not supported)");
        int end = header.IndexOf(header[i], i + 1);
        if (end < 0) throw new RigUsageException($"'{path}': unterminated .npy 'descr'");
        return header[(i + 1)..end];
    }

    private static bool ParseFortran(string header, string path)
    {
        int i = ValueStart(header, "fortran_order", path);
        if (header.AsSpan(i).StartsWith("True")) return true;
        if (header.AsSpan(i).StartsWith("False")) return false;
        throw new RigUsageException($"'{path}': .npy 'fortran_order' is neither True nor False");
    }

    private static int[] ParseShape(string header, string path)
    {
        int i = ValueStart(header, "shape", path);
        int end = i < header.Length && header[i] == '(' ? header.IndexOf(')', i) : -1;
        if (end < 0) throw new RigUsageException($"'{path}': .npy 'shape' is not a tuple");
        var dims = new List<int>();
        foreach (string part in header[(i + 1)..end].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int d))
                throw new RigUsageException($"'{path}': .npy shape entry '{part}' is not a non-negative integer");
            dims.Add(d);
        }
        return [.. dims];
    }
}
