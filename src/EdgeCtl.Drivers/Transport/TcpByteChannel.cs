using System.Net.Sockets;

namespace EdgeCtl.Drivers;

/// <summary>
/// <see cref="IByteChannel"/> over a TCP connection that is opened on first use and reopened after
/// <see cref="Reset"/> (a timed-out or failed request leaves the stream in an unknown state).
/// </summary>
internal sealed class TcpByteChannel : IByteChannel
{
    private readonly string _host;
    private readonly int _port;
    private readonly TimeSpan _connectTimeout;
    private Socket? _socket;

    public TcpByteChannel(string host, int port, TimeSpan connectTimeout, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _host = host;
        _port = port;
        _connectTimeout = connectTimeout;
        Name = name;
    }

    public string Name { get; }

    private async ValueTask<Socket> ConnectedAsync(CancellationToken ct)
    {
        if (_socket is { } s) return s;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_connectTimeout);
        try
        {
            await socket.ConnectAsync(_host, _port, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new DeviceConnectionException(Name, $"connect to {_host}:{_port} timed out after {_connectTimeout.TotalMilliseconds:0} ms");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new DeviceConnectionException(Name, $"cannot connect to {_host}:{_port} ({ex.SocketErrorCode}: {ex.Message})", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        return socket;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken ct)
    {
        var socket = await ConnectedAsync(ct).ConfigureAwait(false);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        int n;
        try
        {
            n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name}: receive timed out after {timeout.TotalMilliseconds:0} ms.");
        }
        catch (SocketException ex)
        {
            throw new IOException($"{Name}: receive failed ({ex.SocketErrorCode}).", ex);
        }
        if (n == 0) throw new IOException($"{Name}: connection closed by the device.");
        return n;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, TimeSpan timeout, CancellationToken ct)
    {
        var socket = await ConnectedAsync(ct).ConfigureAwait(false);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            while (!data.IsEmpty)
            {
                var n = await socket.SendAsync(data, SocketFlags.None, cts.Token).ConfigureAwait(false);
                data = data[n..];
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name}: send timed out after {timeout.TotalMilliseconds:0} ms.");
        }
        catch (SocketException ex)
        {
            throw new IOException($"{Name}: send failed ({ex.SocketErrorCode}).", ex);
        }
    }

    public void DiscardInput()
    {
        if (_socket is not { } s) return;
        Span<byte> sink = stackalloc byte[512];
        try
        {
            while (s.Available > 0 && s.Receive(sink, SocketFlags.None) > 0)
            {
            }
        }
        catch (SocketException)
        {
            Reset(); // broken: reopen on the next request
        }
    }

    public void Reset()
    {
        var s = Interlocked.Exchange(ref _socket, null);
        s?.Dispose();
    }

    public void Dispose() => Reset();
}
