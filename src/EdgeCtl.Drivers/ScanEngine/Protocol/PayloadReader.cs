using System.Buffers.Binary;
using System.Text;

namespace EdgeCtl.Drivers;

/// <summary>Little-endian cursor over a received payload; running past the end is a <see cref="ProtocolException"/>.</summary>
internal ref struct PayloadReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _device;
    private readonly string _what;
    private int _pos;

    public PayloadReader(ReadOnlySpan<byte> data, string device, string what)
    {
        _data = data;
        _device = device;
        _what = what;
        _pos = 0;
    }

    /// <summary>Bytes not yet consumed.</summary>
    public readonly int Remaining => _data.Length - _pos;

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n > Remaining)
            throw new ProtocolException(_device, $"{_what} payload ends after {_data.Length} bytes; {n} more expected at offset {_pos}");
        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }

    public byte U8() => Take(1)[0];
    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public double F64() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>u16 byte length + UTF-8 bytes.</summary>
    public string String()
    {
        var n = U16();
        return Encoding.UTF8.GetString(Take(n));
    }

    /// <summary>Throws when bytes are left over (a payload longer than its content).</summary>
    public readonly void End()
    {
        if (Remaining != 0)
            throw new ProtocolException(_device, $"{_what} payload has {Remaining} unexpected trailing bytes");
    }
}
