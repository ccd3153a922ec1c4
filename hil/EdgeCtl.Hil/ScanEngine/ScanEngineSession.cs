using System.Net.Sockets;
using EdgeCtl.Hil.Diagnostics;
using EdgeCtl.Hil.Faults;

namespace EdgeCtl.Hil.ScanEngine;

/// <summary>
/// One scan-engine client connection (docs/wire-protocol.md §2): reads a 16-byte header, validates
/// it before reading any payload (a violation closes the connection), reads the fixed-size payload,
/// lets the <see cref="ScanInstrument"/> execute it and writes the reply through the fault path.
/// Refusals become Error replies and the connection stays usable. The <c>tcp-close-mid-image</c>
/// fault sends an image's header and about half its lines, then closes.
/// </summary>
public sealed class ScanEngineSession(Socket socket, ScanInstrument instrument, FaultBoard faults)
{
    /// <summary>Largest request payload (AcquireImage / AcquireSpectrum), bytes.</summary>
    private const int MaxRequestPayload = 28;

    /// <summary>Serves the connection until the client closes it or breaks the protocol.</summary>
    public void Run()
    {
        using var network = new NetworkStream(socket, ownsSocket: false);
        using var output = new FaultInjectingStream(network, faults);
        using var writer = new ScanReplyWriter(output, faults);
        Span<byte> headerBytes = stackalloc byte[FrameHeader.Size];
        Span<byte> payload = stackalloc byte[MaxRequestPayload];
        while (true)
        {
            if (!ReadFully(network, headerBytes)) return;
            if (!FrameHeader.TryParseRequest(headerBytes, out var header, out string problem))
            {
                RigLog.Warn($"scan: protocol error from {socket.RemoteEndPoint}: {problem}; closing the connection");
                return;
            }
            var body = payload[..header.PayloadLength];
            if (!ReadFully(network, body))
            {
                RigLog.Warn($"scan: connection closed inside a {header.Type} payload");
                return;
            }
            RigLog.Debug($"scan <- {header.Type} id={header.RequestId}");
            try
            {
                if (!Dispatch(header, body, writer)) return;
            }
            catch (ScanRequestException e)
            {
                RigLog.Warn($"scan: {header.Type} id={header.RequestId} refused (error {(uint)e.Code}): {e.Message}");
                if (e.RefusedWhileDecoding) instrument.ChargeRefused();
                instrument.RecordError(e.Code);
                writer.Error(header.RequestId, e.Code, e.Message);
            }
        }
    }

    /// <summary>Executes one request; false when the connection must close (fault).</summary>
    private bool Dispatch(FrameHeader header, ReadOnlySpan<byte> body, ScanReplyWriter writer)
    {
        uint id = header.RequestId;
        switch (header.Type)
        {
            case ScanMessageType.Hello:
                writer.Hello(id, instrument.Hello());
                return true;
            case ScanMessageType.SetBeamShift:
                writer.Ack(id, instrument.SetBeamShift(BeamShiftRequest.Parse(body)));
                return true;
            case ScanMessageType.Retune:
                writer.Ack(id, instrument.Retune());
                return true;
            case ScanMessageType.BeamBlank:
                writer.Ack(id, instrument.BeamBlank(BeamBlankRequest.Parse(body)));
                return true;
            case ScanMessageType.Status:
                writer.Status(id, instrument.Status());
                return true;
            case ScanMessageType.AcquireSpectrum:
                using (var spectrum = instrument.AcquireSpectrum(SpectrumRequest.Parse(body)))
                    writer.Spectrum(id, spectrum);
                return true;
            case ScanMessageType.AcquireImage:
                using (var image = instrument.AcquireImage(ImageRequest.Parse(body)))
                    return SendImage(id, image, writer);
            default:
                throw new InvalidOperationException($"unhandled request type {header.Type}");
        }
    }

    private bool SendImage(uint id, AcquiredImage image, ScanReplyWriter writer)
    {
        bool cut = faults.TryTakeCloseMidImage();
        int stopAfter = cut ? Math.Max(1, image.Height / 2) : image.Height;
        writer.ImageHeader(id, image);
        int rowsPerBlock = Math.Min(ScanReplyWriter.RowsPerBlock(image.Width), cut ? Math.Max(1, stopAfter / 2) : int.MaxValue);
        for (int first = 0; first < stopAfter; first += rowsPerBlock)
            writer.ImageLines(id, image, first, Math.Min(rowsPerBlock, stopAfter - first));
        if (cut)
        {
            RigLog.Warn($"scan: fault tcp-close-mid-image: closing after {stopAfter} of {image.Height} lines");
            return false;
        }
        writer.ImageEnd(id, image.EndSeconds);
        return true;
    }

    private static bool ReadFully(Stream stream, Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = stream.Read(buffer[done..]);
            if (n == 0) return false;
            done += n;
        }
        return true;
    }
}
