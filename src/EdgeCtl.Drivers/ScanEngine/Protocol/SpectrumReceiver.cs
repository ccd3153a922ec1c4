using System.Buffers.Binary;
using EdgeCtl.Realtime;

namespace EdgeCtl.Drivers;

/// <summary>
/// Receives the answer to an AcquireSpectrum (wire-protocol.md §2): one Spectrum reply (u16 kind,
/// u16 reserved, u32 channels, f64 offset, f64 scale, f64 live_seconds, f64 instrument_seconds,
/// channels × u32 counts) or an Error. Counts are streamed through the staging buffer into the pooled
/// <see cref="Spectrum"/> as doubles.
/// </summary>
internal static class SpectrumReceiver
{
    /// <summary>Largest channel count accepted (the <see cref="Spectrum"/> limit).</summary>
    public const int MaxChannels = 65536;

    /// <exception cref="ScanEngineException">The engine answered with Error.</exception>
    /// <exception cref="ProtocolException">Bad header, other kind than requested, inconsistent channel count or axis.</exception>
    /// <exception cref="ConnectionLostException">The connection ended mid-spectrum.</exception>
    public static async Task<Spectrum> ReceiveAsync(ScanEngineConnection conn, SpectrumKind requested, RequestLabel request, CancellationToken ct)
    {
        var device = conn.Device;
        var h = await conn.ReadHeaderAsync(request, ct).ConfigureAwait(false);
        if (h.Type == MessageType.Error)
            throw ReplyDecoder.Error((await conn.ReadPayloadAsync(h.PayloadLength, request, "Error", ct).ConfigureAwait(false)).Span, device, request);
        ReplyDecoder.Expect(h, MessageType.Spectrum, device, request);

        var head = await conn.ReadPayloadAsync(ReplyShapes.SpectrumFixed, request, "Spectrum", ct).ConfigureAwait(false);
        var (kind, channels, offset, scale, live, t) = DecodeFixed(head.Span, device, request);
        if (kind != requested)
            throw new ProtocolException(device, $"Spectrum reply to {request} is {kind}; {requested} was requested");
        if (channels is 0 or > MaxChannels)
            throw new ProtocolException(device, $"Spectrum reply to {request} has {channels} channels; 1 … {MaxChannels} allowed");
        if (h.PayloadLength != ReplyShapes.SpectrumFixed + 4L * channels)
            throw new ProtocolException(device, $"Spectrum reply to {request} has payload length {h.PayloadLength}; {channels} channels need {ReplyShapes.SpectrumFixed + 4L * channels}");
        if (!double.IsFinite(offset) || !(scale > 0) || !double.IsFinite(scale))
            throw new ProtocolException(device, $"Spectrum reply to {request} has energy axis offset {offset}, scale {scale}; expected finite values and a positive scale");

        var spectrum = new Spectrum(kind, (int)channels, offset, scale) { LiveSeconds = live, InstrumentSeconds = t };
        try
        {
            var channel = 0;
            var remaining = (int)channels * 4;
            while (remaining > 0)
            {
                var chunk = Math.Min(remaining, ScanEngineConnection.StagingSize);
                var bytes = conn.Staging[..chunk];
                await conn.ReadExactlyAsync(bytes, request, "Spectrum counts", ct).ConfigureAwait(false);
                DecodeCounts(bytes.Span, spectrum.Counts.Slice(channel, chunk / 4));
                channel += chunk / 4;
                remaining -= chunk;
            }
            return spectrum;
        }
        catch
        {
            spectrum.Dispose();
            throw;
        }
    }

    private static (SpectrumKind, uint, double, double, double, double) DecodeFixed(ReadOnlySpan<byte> p, string device, RequestLabel request)
    {
        var r = new PayloadReader(p, device, "Spectrum");
        var kind = ReplyDecoder.SpectrumKindOf(r.U16(), device, request);
        r.U16();
        var channels = r.U32();
        return (kind, channels, r.F64(), r.F64(), r.F64(), r.F64());
    }

    /// <summary>Little-endian u32 counts → doubles.</summary>
    internal static void DecodeCounts(ReadOnlySpan<byte> bytes, Span<double> counts)
    {
        for (var i = 0; i < counts.Length; i++)
            counts[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(4 * i, 4));
    }
}
