namespace EdgeCtl.Drivers;

/// <summary>
/// Allowed payload sizes of every reply type (wire-protocol.md §2, "Replies"), checked against the
/// header before any payload byte is read. Fixed-size replies have min = max.
/// </summary>
internal static class ReplyShapes
{
    /// <summary>Largest payload of any frame: 1 MiB.</summary>
    public const int MaxPayload = 1 << 20;

    /// <summary>Largest UTF-8 string on the wire (u16 length prefix).</summary>
    public const int MaxString = ushort.MaxValue;

    public const int AckSize = 8;
    public const int HelloFixed = 32;           // u16 ver, u16 res, f64 time_scale, f64 t, f64 range, u32 width; then string
    public const int ImageHeaderSize = 36;
    public const int ImageLinesPrefix = 8;      // u32 first_line, u32 line_count; then pixels
    public const int ImageEndSize = 8;
    public const int SpectrumFixed = 40;        // u16 kind, u16 res, u32 channels, f64 offset, f64 scale, f64 live, f64 t; then u32 counts
    public const int StatusReplySize = 32;
    public const int ErrorFixed = 4;            // u32 code; then string

    /// <summary>Payload bounds for a known reply type; false for anything a server must not send.</summary>
    public static bool TryGetBounds(ushort type, out int min, out int max)
    {
        (min, max) = (MessageType)type switch
        {
            MessageType.Ack => (AckSize, AckSize),
            MessageType.HelloReply => (HelloFixed + 2, HelloFixed + 2 + MaxString),
            MessageType.ImageHeader => (ImageHeaderSize, ImageHeaderSize),
            MessageType.ImageLines => (ImageLinesPrefix + 2, MaxPayload),
            MessageType.ImageEnd => (ImageEndSize, ImageEndSize),
            MessageType.Spectrum => (SpectrumFixed + 4, MaxPayload),
            MessageType.StatusReply => (StatusReplySize, StatusReplySize),
            MessageType.Error => (ErrorFixed + 2, ErrorFixed + 2 + MaxString),
            _ => (-1, -1),
        };
        return min >= 0;
    }
}
