using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeCtl.Hil.Tests.Support;

/// <summary>A reply frame of the scan-engine protocol, as received.</summary>
public sealed record Frame(ushort Type, uint RequestId, byte[] Payload);

/// <summary>An image as received: header fields plus pixels (row-major).</summary>
public sealed record ReceivedImage(int Width, int Height, ushort Detector, double PixelSizeNm, double StageXUm, double StageYUm, ushort[] Pixels, double EndSeconds)
{
    public ushort At(int col, int row) => Pixels[row * Width + col];
}

/// <summary>A spectrum as received.</summary>
public sealed record ReceivedSpectrum(ushort Kind, double Offset, double Scale, double LiveSeconds, double InstrumentSeconds, uint[] Counts)
{
    /// <summary>Sum of counts over channels whose centre energy lies in [lo, hi].</summary>
    public double Sum(double lo, double hi)
    {
        double s = 0;
        for (int i = 0; i < Counts.Length; i++)
        {
            double e = Offset + i * Scale;
            if (e >= lo && e <= hi) s += Counts[i];
        }
        return s;
    }
}

/// <summary>A Error reply as an exception.</summary>
public sealed class ScanErrorReply(uint code, string text) : Exception($"Error {code}: {text}")
{
    public uint Code { get; } = code;
}

/// <summary>
/// Test-side client of the scan-engine protocol (docs/wire-protocol.md §2), written from the
/// document with raw sockets — deliberately independent of src/EdgeCtl.Drivers.
/// </summary>
public sealed class ScanClient : IDisposable
{
    public const ushort Hello = 1, SetBeamShift = 2, AcquireImage = 3, AcquireSpectrum = 4, Retune = 5, BeamBlank = 6, Status = 7;
    public const ushort Ack = 0x8000, HelloReply = 0x8001, ImageHeader = 0x8003, ImageLines = 0x8004, ImageEnd = 0x8005, Spectrum = 0x8006, StatusReply = 0x8007, Error = 0x80FF;

    private readonly Socket _socket;
    private uint _nextId = 1;

    public ScanClient(IPEndPoint endPoint)
    {
        _socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 60_000, NoDelay = true };
        _socket.Connect(endPoint);
    }

    /// <summary>Sends raw bytes (for malformed-frame tests).</summary>
    public void SendRaw(ReadOnlySpan<byte> bytes) => _socket.Send(bytes);

    /// <summary>Builds a frame: header + payload.</summary>
    public static byte[] BuildFrame(ushort type, uint id, ReadOnlySpan<byte> payload, uint? lengthOverride = null, ushort version = 1, string magic = "EDGE")
    {
        var frame = new byte[16 + payload.Length];
        Encoding.ASCII.GetBytes(magic).CopyTo(frame, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), version);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(6), type);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), id);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(12), lengthOverride ?? (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(16));
        return frame;
    }

    /// <summary>Sends a request; returns its id.</summary>
    public uint Send(ushort type, ReadOnlySpan<byte> payload = default)
    {
        uint id = _nextId++;
        _socket.Send(BuildFrame(type, id, payload));
        return id;
    }

    /// <summary>Reads exactly n bytes; null when the connection closes first.</summary>
    public byte[]? TryReadExactly(int n)
    {
        var buf = new byte[n];
        int done = 0;
        while (done < n)
        {
            int r;
            try
            {
                r = _socket.Receive(buf, done, n - done, SocketFlags.None);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                return null;
            }
            if (r == 0) return null;
            done += r;
        }
        return buf;
    }

    /// <summary>Reads one frame; null if the connection closed.</summary>
    public Frame? TryReadFrame()
    {
        var h = TryReadExactly(16);
        if (h is null) return null;
        if (Encoding.ASCII.GetString(h, 0, 4) != "EDGE") throw new InvalidDataException($"bad magic in reply: {Convert.ToHexString(h)}");
        uint len = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(12));
        if (len > 1 << 20) throw new InvalidDataException($"reply length {len} > 1 MiB");
        var payload = len == 0 ? [] : TryReadExactly((int)len);
        if (payload is null) return null;
        return new Frame(BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(6)), BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(8)), payload);
    }

    /// <summary>Reads one frame; throws on close.</summary>
    public Frame ReadFrame() => TryReadFrame() ?? throw new IOException("scan connection closed");

    /// <summary>Whether the server closed the connection (reads EOF/reset before any reply).</summary>
    public bool IsClosedByServer()
    {
        try
        {
            return TryReadExactly(1) is null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return false;
        }
    }

    private Frame Expect(uint id, ushort type)
    {
        var f = ReadFrame();
        if (f.Type == Error) throw ParseError(f);
        if (f.RequestId != id) throw new InvalidDataException($"reply id {f.RequestId}, expected {id}");
        if (f.Type != type) throw new InvalidDataException($"reply type 0x{f.Type:X4}, expected 0x{type:X4}");
        return f;
    }

    public static ScanErrorReply ParseError(Frame f)
    {
        uint code = BinaryPrimitives.ReadUInt32LittleEndian(f.Payload);
        int n = BinaryPrimitives.ReadUInt16LittleEndian(f.Payload.AsSpan(4));
        return new ScanErrorReply(code, Encoding.UTF8.GetString(f.Payload, 6, n));
    }

    public (double TimeScale, double Seconds, double BeamShiftRangeUm, uint PreferredWidth, string Name) DoHello()
    {
        var p = Expect(Send(Hello), HelloReply).Payload;
        int n = BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(32));
        return (BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(4)), BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(12)),
            BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(20)), BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(28)),
            Encoding.UTF8.GetString(p, 34, n));
    }

    public double DoAck(ushort type, ReadOnlySpan<byte> payload = default) =>
        BinaryPrimitives.ReadDoubleLittleEndian(Expect(Send(type, payload), Ack).Payload);

    public double DoRetune() => DoAck(Retune);

    public double DoBeamShift(double xNm, double yNm)
    {
        var p = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(p, xNm);
        BinaryPrimitives.WriteDoubleLittleEndian(p.AsSpan(8), yNm);
        return DoAck(SetBeamShift, p);
    }

    public double DoBeamBlank(bool on) => DoAck(BeamBlank, [on ? (byte)1 : (byte)0]);

    public (double Seconds, double ShiftX, double ShiftY, bool Blanked, bool InterlockOk, uint LastError) DoStatus()
    {
        var p = Expect(Send(Status), StatusReply).Payload;
        return (BinaryPrimitives.ReadDoubleLittleEndian(p), BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(8)),
            BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(16)), p[24] == 1, p[25] == 1, BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(28)));
    }

    public static byte[] ImagePayload(ushort detector, int width, int height, double dwellUs, double fovUm)
    {
        var p = new byte[28];
        BinaryPrimitives.WriteUInt16LittleEndian(p, detector);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(4), (uint)width);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(8), (uint)height);
        BinaryPrimitives.WriteDoubleLittleEndian(p.AsSpan(12), dwellUs);
        BinaryPrimitives.WriteDoubleLittleEndian(p.AsSpan(20), fovUm);
        return p;
    }

    public static byte[] SpectrumPayload(ushort kind, double xNm, double yNm, double seconds)
    {
        var p = new byte[28];
        BinaryPrimitives.WriteUInt16LittleEndian(p, kind);
        BinaryPrimitives.WriteDoubleLittleEndian(p.AsSpan(4), xNm);
        BinaryPrimitives.WriteDoubleLittleEndian(p.AsSpan(12), yNm);
        BinaryPrimitives.WriteDoubleLittleEndian(p.AsSpan(20), seconds);
        return p;
    }

    /// <summary>Reads an ImageHeader frame payload into its fields.</summary>
    public static (int Width, int Height, ushort Detector, ushort Bits, double PixelNm, double X, double Y) ParseImageHeader(byte[] p) =>
        ((int)BinaryPrimitives.ReadUInt32LittleEndian(p), (int)BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(4)),
         BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(8)), BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(10)),
         BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(12)), BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(20)),
         BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(28)));

    /// <summary>Acquires a whole image, checking the line blocks arrive in order and within 1 MiB.</summary>
    public ReceivedImage DoImage(ushort detector, int width, int height, double dwellUs, double fovUm)
    {
        uint id = Send(AcquireImage, ImagePayload(detector, width, height, dwellUs, fovUm));
        var h = ParseImageHeader(Expect(id, ImageHeader).Payload);
        if (h.Width != width || h.Height != height || h.Bits != 16) throw new InvalidDataException($"header {h} does not match the request");
        var pixels = new ushort[width * height];
        int next = 0;
        while (true)
        {
            var f = ReadFrame();
            if (f.RequestId != id) throw new InvalidDataException("reply id mismatch");
            if (f.Type == ImageEnd)
            {
                if (next != height) throw new InvalidDataException($"ImageEnd after {next} of {height} lines");
                return new ReceivedImage(width, height, h.Detector, h.PixelNm, h.X, h.Y, pixels, BinaryPrimitives.ReadDoubleLittleEndian(f.Payload));
            }
            if (f.Type != ImageLines) throw new InvalidDataException($"unexpected 0x{f.Type:X4} inside an image");
            if (f.Payload.Length > 1 << 20) throw new InvalidDataException("ImageLines block above 1 MiB");
            int first = (int)BinaryPrimitives.ReadUInt32LittleEndian(f.Payload);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(f.Payload.AsSpan(4));
            if (first != next) throw new InvalidDataException($"lines out of order: got {first}, expected {next}");
            if (f.Payload.Length != 8 + 2 * width * count) throw new InvalidDataException("ImageLines payload size mismatch");
            for (int i = 0; i < width * count; i++)
                pixels[first * width + i] = BinaryPrimitives.ReadUInt16LittleEndian(f.Payload.AsSpan(8 + 2 * i));
            next += count;
        }
    }

    public ReceivedSpectrum DoSpectrum(ushort kind, double xNm, double yNm, double seconds)
    {
        var p = Expect(Send(AcquireSpectrum, SpectrumPayload(kind, xNm, yNm, seconds)), Spectrum).Payload;
        int channels = (int)BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(4));
        if (p.Length != 40 + 4 * channels) throw new InvalidDataException("Spectrum payload size mismatch");
        var counts = new uint[channels];
        for (int i = 0; i < channels; i++) counts[i] = BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(40 + 4 * i));
        return new ReceivedSpectrum(BinaryPrimitives.ReadUInt16LittleEndian(p), BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(8)),
            BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(16)), BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(24)),
            BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(32)), counts);
    }

    public void Dispose() => _socket.Dispose();
}
