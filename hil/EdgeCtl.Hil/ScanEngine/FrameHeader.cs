using System.Buffers.Binary;

namespace EdgeCtl.Hil.ScanEngine;

/// <summary>
/// The 16-byte frame header of the scan-engine protocol (docs/wire-protocol.md §2): magic "EDGE",
/// u16 version (1), u16 type, u32 request id, u32 payload length (≤ 1 MiB), little-endian.
/// </summary>
/// <param name="Type">Message type.</param>
/// <param name="RequestId">Request id (replies echo it).</param>
/// <param name="PayloadLength">Payload bytes that follow.</param>
public readonly record struct FrameHeader(ScanMessageType Type, uint RequestId, int PayloadLength)
{
    /// <summary>Header size, bytes.</summary>
    public const int Size = 16;
    /// <summary>Protocol version.</summary>
    public const ushort Version = 1;
    /// <summary>Largest payload, bytes (1 MiB).</summary>
    public const int MaxPayload = 1 << 20;
    /// <summary>Magic "EDGE" read as a little-endian u32.</summary>
    public const uint Magic = 0x45474445;

    /// <summary>
    /// Validates a request header before its payload is read: magic, version, a request type, and the
    /// length equal to that type's fixed size (all requests are fixed-size, so ≤ 1 MiB follows).
    /// </summary>
    /// <returns>false with <paramref name="problem"/> naming the violation; the server then closes the connection.</returns>
    public static bool TryParseRequest(ReadOnlySpan<byte> bytes, out FrameHeader header, out string problem)
    {
        header = default;
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        uint id = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        if (magic != Magic)
        {
            problem = $"bad magic 0x{magic:X8} (expected \"EDGE\")";
            return false;
        }
        if (version != Version)
        {
            problem = $"unsupported protocol version {version} (expected {Version})";
            return false;
        }
        if (length > MaxPayload)
        {
            problem = $"payload length {length} exceeds the maximum {MaxPayload}";
            return false;
        }
        int expected = RequestPayloadSize((ScanMessageType)type);
        if (expected < 0)
        {
            problem = $"unknown request type 0x{type:X4}";
            return false;
        }
        if (length != expected)
        {
            problem = $"{(ScanMessageType)type} payload length {length} (expected {expected})";
            return false;
        }
        header = new FrameHeader((ScanMessageType)type, id, (int)length);
        problem = "";
        return true;
    }

    /// <summary>Fixed payload size of a request type, or −1 if it is not a request.</summary>
    public static int RequestPayloadSize(ScanMessageType type) => type switch
    {
        ScanMessageType.Hello or ScanMessageType.Retune or ScanMessageType.Status => 0,
        ScanMessageType.SetBeamShift => 16,
        ScanMessageType.AcquireImage or ScanMessageType.AcquireSpectrum => 28,
        ScanMessageType.BeamBlank => 1,
        _ => -1,
    };

    /// <summary>Writes a header into the first 16 bytes of <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination, ScanMessageType type, uint requestId, int payloadLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)type);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], requestId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], (uint)payloadLength);
    }
}
