using System.Net.Sockets;
using System.Buffers.Binary;
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
            // Per block, every await is on the socket's own reusable awaitable inside this one state
            // machine (allocated once per image): nothing is allocated per block.
            var header = conn.HeaderBuffer;
            var staging = conn.Staging;
            var nextRow = 0;
            while (true)
            {
                for (int got = 0; got < header.Length;)
                    got += ScanEngineConnection.Received(await conn.ReceiveSomeAsync(header[got..], ct).ConfigureAwait(false), request, "frame header");
                h = conn.ParseHeader(request);
                switch (h.Type)
                {
                    case MessageType.ImageLines:
                        var prefix = staging[..ReplyShapes.ImageLinesPrefix];
                        for (int got = 0; got < prefix.Length;)
                            got += ScanEngineConnection.Received(await conn.ReceiveSomeAsync(prefix[got..], ct).ConfigureAwait(false), request, "ImageLines");
                        int count = CheckLines(prefix.Span, h, frame, nextRow, device, request);
                        var offset = nextRow * frame.Width; // in pixels
                        for (int remaining = 2 * frame.Width * count; remaining > 0;)
                        {
                            var chunk = staging[..Math.Min(remaining, ScanEngineConnection.StagingSize)];
                            for (int got = 0; got < chunk.Length;)
                                got += ScanEngineConnection.Received(await conn.ReceiveSomeAsync(chunk[got..], ct).ConfigureAwait(false), request, "ImageLines pixels");
                            DecodePixels(chunk.Span, frame.Pixels.Slice(offset, chunk.Length / 2));
                            offset += chunk.Length / 2;
                            remaining -= chunk.Length;
                        }
                        nextRow += count;
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
        catch (SocketException ex)
        {
            frame.Dispose();
            throw new ConnectionLostException($"receiving image {request} failed ({ex.SocketErrorCode})", ex);
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>Validates an ImageLines prefix (first_line, line_count) against the rows still expected and the payload length; returns line_count.</summary>
    /// <exception cref="ProtocolException">Rows out of order, too many, or a payload of the wrong size.</exception>
    private static int CheckLines(ReadOnlySpan<byte> prefix, FrameHeader h, ImageFrame16 frame, int nextRow, string device, RequestLabel request)
    {
        var first = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(prefix[4..]);
        if (first != (uint)nextRow)
            throw new ProtocolException(device, $"ImageLines for {request} starts at row {first}; row {nextRow} was expected (rows must arrive once, in order)");
        if (count == 0 || count > (uint)(frame.Height - nextRow))
            throw new ProtocolException(device, $"ImageLines for {request} carries {count} rows from row {first}; 1 … {frame.Height - nextRow} remain");
        var pixelBytes = 2L * frame.Width * count;
        if (h.PayloadLength != ReplyShapes.ImageLinesPrefix + pixelBytes)
            throw new ProtocolException(device, $"ImageLines for {request} has payload length {h.PayloadLength}; {count} rows × {frame.Width} px need {ReplyShapes.ImageLinesPrefix + pixelBytes}");
        return (int)count;
    }

    /// <summary>Little-endian u16 bytes → pixels (a copy on little-endian hosts).</summary>
    internal static void DecodePixels(ReadOnlySpan<byte> bytes, Span<ushort> pixels)
    {
        var src = MemoryMarshal.Cast<byte, ushort>(bytes);
        if (BitConverter.IsLittleEndian) src.CopyTo(pixels);
        else BinaryPrimitives.ReverseEndianness(src, pixels);
    }
}
