using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeCtl.Benchmarks;

/// <summary>
/// A minimal in-process scan engine on loopback for the image benchmarks (wire-protocol.md §2). Two modes:
/// <list type="bullet">
/// <item><see cref="Streaming"/>: after accepting, sends the same pre-encoded bytes over and over without reading
/// anything (the client consumes exactly one unit per benchmark operation, so frame boundaries stay aligned).</item>
/// <item><see cref="Serving"/>: answers Hello with a HelloReply and AcquireImage with a pre-encoded image whose
/// frame headers get the request id patched in.</item>
/// </list>
/// The server thread allocates nothing after the accept (blocking span sends and receives into fixed buffers), so
/// BenchmarkDotNet's process-wide allocation count measures the client alone.
/// </summary>
internal sealed class FakeScanEngine : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Thread _thread;
    private readonly byte[] _stream;
    private readonly int[] _headerOffsets;
    private readonly bool _serve;
    private readonly byte[] _hello;
    private Socket? _peer;
    private volatile bool _stop;

    private FakeScanEngine(byte[] stream, int[] headerOffsets, bool serve)
    {
        _stream = stream;
        _headerOffsets = headerOffsets;
        _serve = serve;
        _hello = HelloReply();
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(1);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _thread = new Thread(Run) { IsBackground = true, Name = "fake scan engine" };
        _thread.Start();
    }

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Sends <paramref name="unit"/> repeatedly to the first client.</summary>
    public static FakeScanEngine Streaming(byte[] unit) => new(unit, [], serve: false);

    /// <summary>Answers Hello and AcquireImage (with <paramref name="image"/>, ids patched at <paramref name="headerOffsets"/>).</summary>
    public static FakeScanEngine Serving(byte[] image, int[] headerOffsets) => new(image, headerOffsets, serve: true);

    private void Run()
    {
        try
        {
            using var peer = _listener.AcceptSocket();
            peer.NoDelay = true;
            _peer = peer;
            if (_serve) Serve(peer);
            else while (!_stop) peer.Send(_stream);
        }
        catch (SocketException) when (_stop) { }
        catch (SocketException) { } // the client closed its end (benchmark cleanup)
        catch (ObjectDisposedException) { }
    }

    private void Serve(Socket peer)
    {
        var header = new byte[16];
        var payload = new byte[64];
        while (!_stop)
        {
            if (!ReceiveExactly(peer, header)) return;
            var type = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6));
            var id = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
            if (length > payload.Length || !ReceiveExactly(peer, payload.AsSpan(0, length))) return;
            switch (type)
            {
                case 0x0001: // Hello
                    BinaryPrimitives.WriteUInt32LittleEndian(_hello.AsSpan(8), id);
                    peer.Send(_hello);
                    break;
                case 0x0003: // AcquireImage
                    foreach (var o in _headerOffsets) BinaryPrimitives.WriteUInt32LittleEndian(_stream.AsSpan(o + 8), id);
                    peer.Send(_stream);
                    break;
                default:
                    return;
            }
        }
    }

    private static bool ReceiveExactly(Socket s, Span<byte> dest)
    {
        while (!dest.IsEmpty)
        {
            var n = s.Receive(dest);
            if (n == 0) return false;
            dest = dest[n..];
        }
        return true;
    }

    private static byte[] HelloReply()
    {
        var name = Encoding.UTF8.GetBytes("bench");
        var payloadLength = 32 + 2 + name.Length;
        var b = new byte[16 + payloadLength];
        WriteHeader(b, 0x8001, 0, payloadLength);
        var p = b.AsSpan(16);
        BinaryPrimitives.WriteUInt16LittleEndian(p, 1);             // protocol version
        BinaryPrimitives.WriteDoubleLittleEndian(p[4..], 1.0);      // time_scale
        BinaryPrimitives.WriteDoubleLittleEndian(p[12..], 0.0);     // instrument_seconds
        BinaryPrimitives.WriteDoubleLittleEndian(p[20..], 30.0);    // beam_shift_range_um
        BinaryPrimitives.WriteUInt32LittleEndian(p[28..], 0);       // preferred_image_width
        BinaryPrimitives.WriteUInt16LittleEndian(p[32..], (ushort)name.Length);
        name.CopyTo(p[34..]);
        return b;
    }

    /// <summary>Writes a 16-byte frame header (magic "EDGE", version 1, type, id, payload length).</summary>
    public static void WriteHeader(Span<byte> dest, ushort type, uint id, int payloadLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(dest, 0x45474445);
        BinaryPrimitives.WriteUInt16LittleEndian(dest[4..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(dest[6..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(dest[8..], id);
        BinaryPrimitives.WriteUInt32LittleEndian(dest[12..], (uint)payloadLength);
    }

    /// <summary>One ImageLines frame: header, u32 first_line, u32 line_count, rows × width little-endian u16 pixels (a deterministic ramp).</summary>
    public static void WriteLineBlock(Span<byte> dest, uint id, int width, int firstRow, int rows)
    {
        WriteHeader(dest, 0x8004, id, 8 + 2 * width * rows);
        BinaryPrimitives.WriteUInt32LittleEndian(dest[16..], (uint)firstRow);
        BinaryPrimitives.WriteUInt32LittleEndian(dest[20..], (uint)rows);
        var px = dest[24..];
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < width; x++)
                BinaryPrimitives.WriteUInt16LittleEndian(px[(2 * (y * width + x))..], (ushort)((x * 7 + (firstRow + y) * 13) & 0x3FFF));
    }

    /// <summary>Bytes of one ImageLines frame of <paramref name="rows"/> rows.</summary>
    public static int LineBlockBytes(int width, int rows) => 16 + 8 + 2 * width * rows;

    /// <summary>
    /// A whole HAADF image answer: ImageHeader, ImageLines blocks of ≤ <paramref name="rowsPerBlock"/> rows, ImageEnd.
    /// <paramref name="headerOffsets"/> receives the offset of every frame header (for patching the request id).
    /// </summary>
    public static byte[] Image(uint id, int width, int height, int rowsPerBlock, out int[] headerOffsets)
    {
        var blocks = (height + rowsPerBlock - 1) / rowsPerBlock;
        var size = 16 + 36 + (blocks * 24) + (2L * width * height) + 16 + 8;
        var b = new byte[size];
        headerOffsets = new int[blocks + 2];
        var o = 0;
        headerOffsets[0] = o;
        WriteHeader(b.AsSpan(o), 0x8003, id, 36);
        var h = b.AsSpan(o + 16);
        BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)width);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)height);
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], 0);        // HAADF
        BinaryPrimitives.WriteUInt16LittleEndian(h[10..], 16);      // bits per pixel
        BinaryPrimitives.WriteDoubleLittleEndian(h[12..], 1.0);     // pixel size, nm
        o += 16 + 36;
        for (int k = 0, row = 0; k < blocks; k++, row += rowsPerBlock)
        {
            var rows = Math.Min(rowsPerBlock, height - row);
            headerOffsets[1 + k] = o;
            WriteLineBlock(b.AsSpan(o), id, width, row, rows);
            o += LineBlockBytes(width, rows);
        }
        headerOffsets[^1] = o;
        WriteHeader(b.AsSpan(o), 0x8005, id, 8);
        BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(o + 16), 1.0);
        return b;
    }

    /// <summary>Stops the thread (the client must close its connection first, or the thread stays blocked until process exit).</summary>
    public void Dispose()
    {
        _stop = true;
        _listener.Stop();
        try { _peer?.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
