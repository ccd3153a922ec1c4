using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace EdgeCtl.Inference.Imaging;

/// <summary>
/// Parses a NumPy <c>.npy</c> file holding one 2-D array (shape (rows, columns), or
/// (rows, columns, 1)) of uint8, int8, uint16, int16, uint32, int32, float32 or float64, either
/// byte order, C or Fortran order. Source: NumPy Enhancement Proposal 1 / numpy.lib.format
/// (format versions 1.0, 2.0 and 3.0).
/// </summary>
internal static class NpyDecoder
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>True when <paramref name="data"/> starts with the NPY magic string.</summary>
    public static bool IsNpy(ReadOnlySpan<byte> data) => data.StartsWith(Magic);

    /// <exception cref="InvalidDataException">The header is malformed, the dtype or shape is unsupported, or the data is truncated.</exception>
    public static GrayImage Decode(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length < 10 || !IsNpy(data)) throw new InvalidDataException($"{source}: not an NPY file (magic \\x93NUMPY missing).");
        byte major = data[6];
        int headerLenSize = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new InvalidDataException($"{source}: NPY format version {major}.{data[7]} is not supported; expected 1.0, 2.0 or 3.0."),
        };
        if (data.Length < 8 + headerLenSize) throw new InvalidDataException($"{source}: NPY header is truncated.");
        long headerLen = headerLenSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(8))
            : BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(8));
        long dataStart = 8 + headerLenSize + headerLen;
        if (dataStart > data.Length) throw new InvalidDataException($"{source}: NPY header says {headerLen} bytes but the file has {data.Length} bytes in all (truncated).");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(data.Slice(8 + headerLenSize, (int)headerLen));

        string descr = ReadQuoted(header, "descr", source);
        bool fortran = ReadBool(header, "fortran_order", source);
        var (rows, cols) = ReadShape(header, source);

        bool bigEndian = descr[0] == '>';
        string kind = descr.TrimStart('<', '>', '|', '=');
        int itemSize = kind switch
        {
            "u1" or "i1" or "b1" => 1,
            "u2" or "i2" => 2,
            "u4" or "i4" or "f4" => 4,
            "f8" => 8,
            _ => throw new InvalidDataException($"{source}: NPY dtype '{descr}' is not supported; expected uint8/int8/uint16/int16/uint32/int32/float32/float64."),
        };
        long needed = (long)rows * cols * itemSize;
        long have = data.Length - dataStart;
        if (have < needed) throw new InvalidDataException($"{source}: NPY data is truncated: {have} bytes for shape ({rows}, {cols}) of '{descr}', expected {needed}.");

        var image = new GrayImage(cols, rows);
        var dst = image.Pixels;
        var src = data.Slice((int)dataStart, (int)needed);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                int i = fortran ? c * rows + r : r * cols + c;
                dst[r * cols + c] = ReadItem(src.Slice(i * itemSize, itemSize), kind, bigEndian);
            }
        }
        return image;
    }

    private static float ReadItem(ReadOnlySpan<byte> s, string kind, bool big) => kind switch
    {
        "u1" or "b1" => s[0],
        "i1" => (sbyte)s[0],
        "u2" => big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s),
        "i2" => big ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s),
        "u4" => big ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s),
        "i4" => big ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s),
        "f4" => big ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s),
        _ => (float)(big ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s)),
    };

    private static int ValueStart(string header, string key, string source)
    {
        int k = header.IndexOf("'" + key + "'", StringComparison.Ordinal);
        if (k < 0) throw new InvalidDataException($"{source}: NPY header lacks '{key}': {header.Trim()}");
        int colon = header.IndexOf(':', k);
        if (colon < 0) throw new InvalidDataException($"{source}: NPY header is malformed at '{key}'.");
        int i = colon + 1;
        while (i < header.Length && header[i] == ' ') i++;
        return i;
    }

    private static string ReadQuoted(string header, string key, string source)
    {
        int i = ValueStart(header, key, source);
        if (i >= header.Length || header[i] is not ('\'' or '"')) throw new InvalidDataException($"{source}: NPY '{key}' is not a string (structured dtypes are not supported).");
        int end = header.IndexOf(header[i], i + 1);
        if (end < 0) throw new InvalidDataException($"{source}: NPY header is malformed at '{key}'.");
        var s = header.Substring(i + 1, end - i - 1);
        if (s.Length < 2) throw new InvalidDataException($"{source}: NPY dtype '{s}' is not understood.");
        return s;
    }

    private static bool ReadBool(string header, string key, string source)
    {
        int i = ValueStart(header, key, source);
        if (string.CompareOrdinal(header, i, "True", 0, 4) == 0) return true;
        if (string.CompareOrdinal(header, i, "False", 0, 5) == 0) return false;
        throw new InvalidDataException($"{source}: NPY '{key}' is not True/False.");
    }

    private static (int Rows, int Cols) ReadShape(string header, string source)
    {
        int i = ValueStart(header, "shape", source);
        int end = header.IndexOf(')', i);
        if (i >= header.Length || header[i] != '(' || end < 0) throw new InvalidDataException($"{source}: NPY shape is malformed.");
        var parts = header.Substring(i + 1, end - i - 1).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var dims = new long[parts.Length];
        for (int d = 0; d < parts.Length; d++)
        {
            if (!long.TryParse(parts[d].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out dims[d]))
                throw new InvalidDataException($"{source}: NPY shape entry '{parts[d]}' is not an integer.");
        }
        bool ok = dims.Length == 2 || (dims.Length == 3 && dims[2] == 1);
        if (!ok) throw new InvalidDataException($"{source}: NPY array has shape ({string.Join(", ", dims)}); expected a 2-D image (rows, columns).");
        if (dims[0] < 1 || dims[1] < 1 || dims[0] > GrayImage.MaxSide || dims[1] > GrayImage.MaxSide)
            throw new InvalidDataException($"{source}: NPY image is {dims[1]}×{dims[0]} px; expected 1..{GrayImage.MaxSide} px per side.");
        return ((int)dims[0], (int)dims[1]);
    }
}
