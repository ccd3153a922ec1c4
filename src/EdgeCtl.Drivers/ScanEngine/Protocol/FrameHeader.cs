using System.Buffers.Binary;

namespace EdgeCtl.Drivers;

/// <summary>
/// The 16-byte scan-engine frame header (wire-protocol.md §2): magic "EDGE", u16 version (1),
/// u16 type, u32 request id, u32 payload length; little-endian.
/// </summary>
internal readonly record struct FrameHeader(MessageType Type, uint RequestId, int PayloadLength)
{
    /// <summary>Header size, bytes.</summary>
    public const int Size = 16;

    /// <summary>Protocol version spoken by this client.</summary>
    public const ushort Version = 1;

    /// <summary>"EDGE" read as a little-endian u32.</summary>
    public const uint Magic = 0x45474445;

    /// <summary>Writes a request header into <paramref name="dest"/> (≥ 16 bytes).</summary>
    public static void Write(Span<byte> dest, MessageType type, uint requestId, int payloadLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(dest, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(dest[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(dest[6..], (ushort)type);
        BinaryPrimitives.WriteUInt32LittleEndian(dest[8..], requestId);
        BinaryPrimitives.WriteUInt32LittleEndian(dest[12..], (uint)payloadLength);
    }

    /// <summary>
    /// Parses and validates a reply header: magic, version, a known reply type and a payload length
    /// within that type's bounds (fixed size, minimum, ≤ 1 MiB). Nothing of the payload has been read.
    /// </summary>
    /// <exception cref="ProtocolException">Any check failed; the message names the field and its value.</exception>
    public static FrameHeader ParseReply(ReadOnlySpan<byte> src, string device, RequestLabel request)
    {
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(src);
        if (magic != Magic)
            throw new ProtocolException(device, $"bad frame magic {Convert.ToHexString(src[..4])} (expected 45444745 \"EDGE\") in the reply to {request}");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(src[4..]);
        if (version != Version)
            throw new ProtocolException(device, $"unsupported protocol version {version} (expected {Version}) in the reply to {request}");
        var type = BinaryPrimitives.ReadUInt16LittleEndian(src[6..]);
        var id = BinaryPrimitives.ReadUInt32LittleEndian(src[8..]);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(src[12..]);
        if (!ReplyShapes.TryGetBounds(type, out var min, out var max))
            throw new ProtocolException(device, $"unknown reply type 0x{type:X4} in the reply to {request}");
        if (length > ReplyShapes.MaxPayload)
            throw new ProtocolException(device, $"{(MessageType)type} payload length {length} exceeds the 1 MiB maximum ({ReplyShapes.MaxPayload}) in the reply to {request}");
        if (length < min || length > max)
            throw new ProtocolException(device, min == max
                ? $"{(MessageType)type} payload length {length}, expected exactly {min}, in the reply to {request}"
                : $"{(MessageType)type} payload length {length}, expected {min} … {max}, in the reply to {request}");
        return new FrameHeader((MessageType)type, id, (int)length);
    }
}
