using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using EdgeCtl.Hil.Faults;

namespace EdgeCtl.Hil.ScanEngine;

/// <summary>
/// Encodes scan-engine replies (docs/wire-protocol.md §2) into frames and writes each with one
/// call, after the wall delay of the <c>delay-ms</c> fault. Uses one pooled buffer of
/// header + 1 MiB per connection; image lines are sent in blocks whose payload stays ≤ 1 MiB.
/// Not thread-safe: one writer per connection.
/// </summary>
public sealed class ScanReplyWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly FaultBoard _faults;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(FrameHeader.Size + FrameHeader.MaxPayload);

    /// <summary>Writes to <paramref name="stream"/> (normally a <see cref="FaultInjectingStream"/>).</summary>
    public ScanReplyWriter(Stream stream, FaultBoard faults)
    {
        _stream = stream;
        _faults = faults;
    }

    /// <summary>Rows per ImageLines block for an image of <paramref name="width"/> px (payload ≤ 1 MiB).</summary>
    public static int RowsPerBlock(int width) => (FrameHeader.MaxPayload - 8) / (2 * width);

    private Span<byte> Payload => (_buffer ?? throw new ObjectDisposedException(nameof(ScanReplyWriter))).AsSpan(FrameHeader.Size);

    /// <summary>Ack: f64 instrument_seconds.</summary>
    public void Ack(uint id, double seconds)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(Payload, seconds);
        Send(ScanMessageType.Ack, id, 8);
    }

    /// <summary>HelloReply.</summary>
    public void Hello(uint id, HelloInfo h)
    {
        var p = Payload;
        BinaryPrimitives.WriteUInt16LittleEndian(p, FrameHeader.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(p[2..], 0);
        BinaryPrimitives.WriteDoubleLittleEndian(p[4..], h.TimeScale);
        BinaryPrimitives.WriteDoubleLittleEndian(p[12..], h.InstrumentSeconds);
        BinaryPrimitives.WriteDoubleLittleEndian(p[20..], h.BeamShiftRangeUm);
        BinaryPrimitives.WriteUInt32LittleEndian(p[28..], h.PreferredImageWidth);
        int n = WriteString(p[32..], h.Name);
        Send(ScanMessageType.HelloReply, id, 32 + n);
    }

    /// <summary>StatusReply (32 B).</summary>
    public void Status(uint id, StatusInfo s)
    {
        var p = Payload;
        BinaryPrimitives.WriteDoubleLittleEndian(p, s.InstrumentSeconds);
        BinaryPrimitives.WriteDoubleLittleEndian(p[8..], s.BeamShiftXNm);
        BinaryPrimitives.WriteDoubleLittleEndian(p[16..], s.BeamShiftYNm);
        p[24] = s.BeamBlanked ? (byte)1 : (byte)0;
        p[25] = s.InterlockOk ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16LittleEndian(p[26..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(p[28..], s.LastErrorCode);
        Send(ScanMessageType.StatusReply, id, 32);
    }

    /// <summary>Error: u32 code, string text.</summary>
    public void Error(uint id, ScanErrorCode code, string text)
    {
        var p = Payload;
        BinaryPrimitives.WriteUInt32LittleEndian(p, (uint)code);
        int n = WriteString(p[4..], text);
        Send(ScanMessageType.Error, id, 4 + n);
    }

    /// <summary>ImageHeader (36 B).</summary>
    public void ImageHeader(uint id, AcquiredImage image)
    {
        var p = Payload;
        BinaryPrimitives.WriteUInt32LittleEndian(p, (uint)image.Width);
        BinaryPrimitives.WriteUInt32LittleEndian(p[4..], (uint)image.Height);
        BinaryPrimitives.WriteUInt16LittleEndian(p[8..], (ushort)image.Detector);
        BinaryPrimitives.WriteUInt16LittleEndian(p[10..], 16);
        BinaryPrimitives.WriteDoubleLittleEndian(p[12..], image.PixelSizeNm);
        BinaryPrimitives.WriteDoubleLittleEndian(p[20..], image.CentreXUm);
        BinaryPrimitives.WriteDoubleLittleEndian(p[28..], image.CentreYUm);
        Send(ScanMessageType.ImageHeader, id, 36);
    }

    /// <summary>ImageLines: rows [first, first + count) of <paramref name="image"/>; count ≤ <see cref="RowsPerBlock"/>.</summary>
    public void ImageLines(uint id, AcquiredImage image, int first, int count)
    {
        var p = Payload;
        BinaryPrimitives.WriteUInt32LittleEndian(p, (uint)first);
        BinaryPrimitives.WriteUInt32LittleEndian(p[4..], (uint)count);
        var rows = image.Pixels.Slice(first * image.Width, count * image.Width);
        var target = p.Slice(8, rows.Length * 2);
        if (BitConverter.IsLittleEndian)
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows).CopyTo(target);
        else
            for (int i = 0; i < rows.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(target[(2 * i)..], rows[i]);
        Send(ScanMessageType.ImageLines, id, 8 + rows.Length * 2);
    }

    /// <summary>ImageEnd: f64 instrument_seconds.</summary>
    public void ImageEnd(uint id, double seconds)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(Payload, seconds);
        Send(ScanMessageType.ImageEnd, id, 8);
    }

    /// <summary>Spectrum: 40-byte head then u32 counts.</summary>
    public void Spectrum(uint id, AcquiredSpectrum s)
    {
        var p = Payload;
        BinaryPrimitives.WriteUInt16LittleEndian(p, (ushort)s.Kind);
        BinaryPrimitives.WriteUInt16LittleEndian(p[2..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(p[4..], (uint)s.Channels);
        BinaryPrimitives.WriteDoubleLittleEndian(p[8..], s.Offset);
        BinaryPrimitives.WriteDoubleLittleEndian(p[16..], s.Scale);
        BinaryPrimitives.WriteDoubleLittleEndian(p[24..], s.LiveSeconds);
        BinaryPrimitives.WriteDoubleLittleEndian(p[32..], s.EndSeconds);
        var counts = s.Counts;
        for (int i = 0; i < counts.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(p[(40 + 4 * i)..], counts[i]);
        Send(ScanMessageType.Spectrum, id, 40 + 4 * counts.Length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var b = Interlocked.Exchange(ref _buffer, null);
        if (b is not null) ArrayPool<byte>.Shared.Return(b);
    }

    private static int WriteString(Span<byte> destination, string text)
    {
        int max = Math.Min(ushort.MaxValue, destination.Length - 2);
        int n = Encoding.UTF8.GetByteCount(text) <= max ? Encoding.UTF8.GetBytes(text, destination[2..]) : Encoding.UTF8.GetBytes(text.AsSpan(0, max / 4), destination[2..]);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)n);
        return 2 + n;
    }

    private void Send(ScanMessageType type, uint id, int payloadLength)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(ScanReplyWriter));
        FrameHeader.Write(buffer, type, id, payloadLength);
        int delay = _faults.DelayMs;
        if (delay > 0) Thread.Sleep(delay);
        _stream.Write(buffer, 0, FrameHeader.Size + payloadLength);
        _stream.Flush();
    }
}
