using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeCtl.Realtime;

namespace EdgeCtl.Drivers;

/// <summary>
/// Receives the answer to an AcquireImage (wire-protocol.md §2): ImageHeader, ImageLines blocks
/// covering rows 0 … height−1 exactly once and in order, ImageEnd — or an Error instead of the
/// header. Pixels are streamed through the connection's staging buffer straight into the pooled
/// <see cref="ImageFrame16"/>; nothing is allocated per block.
/// </summary>
internal static class ImageReceiver
{
    /// <summary>Receives the whole image; on any failure the frame is disposed.</summary>
    /// <exception cref="ScanEngineException">The engine answered with Error.</exception>
    /// <exception cref="ProtocolException">Bad header, unexpected reply, rows missing, repeated, out of order or of the wrong size.</exception>
    /// <exception cref="ConnectionLostException">The connection ended mid-image.</exception>
    public static async Task<ImageFrame16> ReceiveAsync(ScanEngineConnection conn, ImageRequest req, RequestLabel request, CancellationToken ct)
    {
        var device = conn.Device;
        var h = await conn.ReadHeaderAsync(request, ct).ConfigureAwait(false);
        if (h.Type == MessageType.Error)
            throw ReplyDecoder.Error((await conn.ReadPayloadAsync(h.PayloadLength, request, "Error", ct).ConfigureAwait(false)).Span, device, request);
        ReplyDecoder.Expect(h, MessageType.ImageHeader, device, request);
        var meta = ReplyDecoder.ImageHeader((await conn.ReadPayloadAsync(h.PayloadLength, request, "ImageHeader", ct).ConfigureAwait(false)).Span, req, device, request);

        var frame = new ImageFrame16(req.Width, req.Height)
        {
            Detector = req.Detector,
            PixelSizeNm = meta.PixelSizeNm,
            StageXUm = meta.StageXUm,
            StageYUm = meta.StageYUm,
        };
        try
        {
            var nextRow = 0;
            while (true)
            {
                h = await conn.ReadHeaderAsync(request, ct).ConfigureAwait(false);
                switch (h.Type)
                {
                    case MessageType.ImageLines:
                        nextRow = await ReceiveLinesAsync(conn, frame, h, nextRow, request, ct).ConfigureAwait(false);
                        break;
                    case MessageType.ImageEnd:
                        if (nextRow != frame.Height)
                            throw new ProtocolException(device, $"ImageEnd for {request} after {nextRow} of {frame.Height} rows");
                        var end = await conn.ReadPayloadAsync(h.PayloadLength, request, "ImageEnd", ct).ConfigureAwait(false);
                        frame.InstrumentSeconds = ReplyDecoder.Ack(end.Span, device);
                        return frame;
                    case MessageType.Error:
                        throw ReplyDecoder.Error((await conn.ReadPayloadAsync(h.PayloadLength, request, "Error", ct).ConfigureAwait(false)).Span, device, request);
                    default:
                        throw new ProtocolException(device, $"unexpected {h.Type} reply in the middle of image {request} (after {nextRow} of {frame.Height} rows)");
                }
            }
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>One ImageLines block: validates first_line, line_count and the payload size, then streams the pixels. Returns the next expected row.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> ReceiveLinesAsync(ScanEngineConnection conn, ImageFrame16 frame, FrameHeader h, int nextRow, RequestLabel request, CancellationToken ct)
    {
        var device = conn.Device;
        var prefix = await conn.ReadPayloadAsync(ReplyShapes.ImageLinesPrefix, request, "ImageLines", ct).ConfigureAwait(false);
        var first = BinaryPrimitives.ReadUInt32LittleEndian(prefix.Span);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(prefix.Span[4..]);
        if (first != (uint)nextRow)
            throw new ProtocolException(device, $"ImageLines for {request} starts at row {first}; row {nextRow} was expected (rows must arrive once, in order)");
        if (count == 0 || count > (uint)(frame.Height - nextRow))
            throw new ProtocolException(device, $"ImageLines for {request} carries {count} rows from row {first}; 1 … {frame.Height - nextRow} remain");
        var pixelBytes = 2L * frame.Width * count;
        if (h.PayloadLength != ReplyShapes.ImageLinesPrefix + pixelBytes)
            throw new ProtocolException(device, $"ImageLines for {request} has payload length {h.PayloadLength}; {count} rows × {frame.Width} px need {ReplyShapes.ImageLinesPrefix + pixelBytes}");

        var offset = nextRow * frame.Width; // in pixels
        var remaining = (int)pixelBytes;
        while (remaining > 0)
        {
            var chunk = Math.Min(remaining, ScanEngineConnection.StagingSize);
            var bytes = conn.Staging[..chunk];
            await conn.ReadExactlyAsync(bytes, request, "ImageLines pixels", ct).ConfigureAwait(false);
            DecodePixels(bytes.Span, frame.Pixels.Slice(offset, chunk / 2));
            offset += chunk / 2;
            remaining -= chunk;
        }
        return nextRow + (int)count;
    }

    /// <summary>Little-endian u16 bytes → pixels (a copy on little-endian hosts).</summary>
    internal static void DecodePixels(ReadOnlySpan<byte> bytes, Span<ushort> pixels)
    {
        var src = MemoryMarshal.Cast<byte, ushort>(bytes);
        if (BitConverter.IsLittleEndian) src.CopyTo(pixels);
        else BinaryPrimitives.ReverseEndianness(src, pixels);
    }
}
