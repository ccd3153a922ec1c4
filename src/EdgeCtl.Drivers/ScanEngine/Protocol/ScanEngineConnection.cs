using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace EdgeCtl.Drivers;

/// <summary>
/// One TCP connection to the scan engine with its reusable buffers: a 16-byte header buffer, a
/// request buffer and a pooled 128 KiB staging buffer for payloads (large payloads are streamed
/// through it in chunks). Reads allocate nothing in steady state (socket <c>ValueTask</c>s and
/// pooled async state machines). Not thread-safe: the client runs one request at a time.
/// </summary>
internal sealed class ScanEngineConnection : IDisposable
{
    /// <summary>Staging size, bytes: holds any Hello or Error payload (≤ 32 + 2 + 65535) whole; even, for u16/u32 chunks.</summary>
    public const int StagingSize = 128 * 1024;

    private readonly Socket _socket;
    private readonly byte[] _header = new byte[FrameHeader.Size];
    private readonly byte[] _send = new byte[RequestEncoder.MaxFrame];
    private byte[]? _staging = ArrayPool<byte>.Shared.Rent(StagingSize);

    private ScanEngineConnection(Socket socket, string device)
    {
        _socket = socket;
        Device = device;
    }

    /// <summary>Device name for error messages.</summary>
    public string Device { get; }

    /// <summary>Buffer for encoding one request frame.</summary>
    public byte[] SendBuffer => _send;

    /// <summary>The staging buffer (<see cref="StagingSize"/> bytes).</summary>
    public Memory<byte> Staging => (_staging ?? throw new ObjectDisposedException(nameof(ScanEngineConnection))).AsMemory(0, StagingSize);

    /// <summary>Opens a TCP connection (Nagle off).</summary>
    /// <exception cref="SocketException">The connection was refused or failed.</exception>
    public static async Task<ScanEngineConnection> OpenAsync(string host, int port, string device, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, ct).ConfigureAwait(false);
            return new ScanEngineConnection(socket, device);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends the first <paramref name="length"/> bytes of <see cref="SendBuffer"/>.</summary>
    /// <exception cref="ConnectionLostException">The socket failed.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(int length, RequestLabel request, CancellationToken ct)
    {
        var data = _send.AsMemory(0, length);
        try
        {
            while (!data.IsEmpty)
            {
                var n = await _socket.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false);
                data = data[n..];
            }
        }
        catch (SocketException ex)
        {
            throw new ConnectionLostException($"sending {request} failed ({ex.SocketErrorCode})", ex);
        }
    }

    /// <summary>The 16-byte header buffer, for readers that receive headers in place (<see cref="ReceiveSomeAsync"/>).</summary>
    public Memory<byte> HeaderBuffer => _header;

    /// <summary>
    /// One receive into <paramref name="dest"/>: the socket's own reusable awaitable, so awaiting it
    /// allocates nothing (hot image path). Returns the bytes received; 0 means the peer closed.
    /// Socket errors surface as <see cref="SocketException"/>; see <see cref="Received"/>.
    /// </summary>
    public ValueTask<int> ReceiveSomeAsync(Memory<byte> dest, CancellationToken ct) => _socket.ReceiveAsync(dest, SocketFlags.None, ct);

    /// <summary>Checks one <see cref="ReceiveSomeAsync"/> result: 0 bytes is the connection closing mid-<paramref name="what"/>.</summary>
    /// <exception cref="ConnectionLostException">The peer closed.</exception>
    public static int Received(int n, RequestLabel request, string what) =>
        n > 0 ? n : throw new ConnectionLostException($"connection closed by the scan engine in the middle of the {what} answering {request}");

    /// <summary>Parses the header in <see cref="HeaderBuffer"/> and checks that it answers <paramref name="request"/>.</summary>
    /// <exception cref="ProtocolException">Invalid header or a reply to another request id.</exception>
    public FrameHeader ParseHeader(RequestLabel request)
    {
        var h = FrameHeader.ParseReply(_header, Device, request);
        if (h.RequestId != request.Id)
            throw new ProtocolException(Device, $"{h.Type} reply carries request id {h.RequestId} while waiting for {request}");
        return h;
    }

    /// <summary>Reads and validates a reply header (<see cref="FrameHeader.ParseReply"/>) and checks that it answers <paramref name="request"/>.</summary>
    /// <exception cref="ProtocolException">Invalid header or a reply to another request id.</exception>
    /// <exception cref="ConnectionLostException">The connection ended.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<FrameHeader> ReadHeaderAsync(RequestLabel request, CancellationToken ct)
    {
        await ReadExactlyAsync(_header, request, "frame header", ct).ConfigureAwait(false);
        return ParseHeader(request);
    }

    /// <summary>Reads a whole payload of <paramref name="length"/> ≤ <see cref="StagingSize"/> bytes into the staging buffer.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadOnlyMemory<byte>> ReadPayloadAsync(int length, RequestLabel request, string what, CancellationToken ct)
    {
        var dest = Staging[..length];
        await ReadExactlyAsync(dest, request, what, ct).ConfigureAwait(false);
        return dest;
    }

    /// <summary>Fills <paramref name="dest"/> from the socket.</summary>
    /// <exception cref="ConnectionLostException">EOF or a socket error before <paramref name="dest"/> was full.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ReadExactlyAsync(Memory<byte> dest, RequestLabel request, string what, CancellationToken ct)
    {
        var read = 0;
        try
        {
            while (read < dest.Length)
            {
                var n = await _socket.ReceiveAsync(dest[read..], SocketFlags.None, ct).ConfigureAwait(false);
                if (n == 0)
                    throw new ConnectionLostException($"connection closed by the scan engine after {read} of {dest.Length} bytes of the {what} answering {request}");
                read += n;
            }
        }
        catch (SocketException ex)
        {
            throw new ConnectionLostException($"receiving the {what} answering {request} failed ({ex.SocketErrorCode})", ex);
        }
    }

    /// <summary>Closes the socket and returns the staging buffer.</summary>
    public void Dispose()
    {
        _socket.Dispose();
        var s = Interlocked.Exchange(ref _staging, null);
        if (s is not null) ArrayPool<byte>.Shared.Return(s);
    }
}
