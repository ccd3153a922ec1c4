using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeCtl.Drivers.Tests.Support;

/// <summary>A request as the test server received it.</summary>
internal sealed record ReceivedRequest(ushort Type, uint Id, byte[] Payload);

/// <summary>One accepted connection of <see cref="ScanServer"/>.</summary>
internal sealed class ScanConnection(Socket socket)
{
    public async Task<ReceivedRequest> ReadRequestAsync()
    {
        var header = await ReadExactlyAsync(16);
        if (Encoding.ASCII.GetString(header, 0, 4) != "EDGE") throw new InvalidDataException("client sent bad magic");
        if (BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(4)) != 1) throw new InvalidDataException("client sent bad version");
        var type = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6));
        var id = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
        return new ReceivedRequest(type, id, await ReadExactlyAsync((int)length));
    }

    /// <summary>Reads the Hello every new client connection starts with and answers it.</summary>
    public async Task<ReceivedRequest> AnswerHelloAsync(double timeScale = 1000, double t = 12.5)
    {
        var hello = await ReadRequestAsync();
        if (hello.Type != 0x0001) throw new InvalidDataException($"expected Hello, got 0x{hello.Type:X4}");
        await SendAsync(Wire.Hello(hello.Id, timeScale, t));
        return hello;
    }

    public async Task SendAsync(params byte[][] chunks)
    {
        foreach (var c in chunks) await socket.SendAsync(c, SocketFlags.None);
    }

    public void Close()
    {
        socket.Shutdown(SocketShutdown.Both);
        socket.Close();
    }

    private async Task<byte[]> ReadExactlyAsync(int n)
    {
        var buf = new byte[n];
        var read = 0;
        while (read < n)
        {
            var k = await socket.ReceiveAsync(buf.AsMemory(read), SocketFlags.None);
            if (k == 0) throw new EndOfStreamException("client closed the connection");
            read += k;
        }
        return buf;
    }
}

/// <summary>
/// A real TCP listener on 127.0.0.1 playing the scan engine: the n-th accepted connection runs the
/// n-th script (a connection beyond the scripts is held open silently). Scripts collect what they
/// read for assertions; <see cref="ScriptsCompletedAsync"/> surfaces their failures.
/// </summary>
internal sealed class ScanServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ScanConnection, Task>[] _scripts;
    private readonly Task _accept;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly ConcurrentQueue<Task> _running = new();
    private int _accepted;

    public ScanServer(params Func<ScanConnection, Task>[] scripts)
    {
        _scripts = scripts;
        _listener.Start();
        _accept = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public ScanEngineClient CreateClient(TimeSpan? requestTimeout = null) => new(new ScanEngineOptions
    {
        Host = "127.0.0.1",
        Port = Port,
        RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10),
        ConnectRetryAttempts = 2,
        ConnectRetryBaseDelay = TimeSpan.FromMilliseconds(10),
        DeviceName = "test scan engine",
    });

    /// <summary>Waits for every script that ran to finish and rethrows its failure (a script that failed is a test failure).</summary>
    public async Task ScriptsCompletedAsync()
    {
        foreach (var t in _running) await t.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket s;
            try { s = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { return; }
            _sockets.Add(s);
            var n = Interlocked.Increment(ref _accepted) - 1;
            if (n < _scripts.Length) _running.Enqueue(Task.Run(() => _scripts[n](new ScanConnection(s))));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var s in _sockets) s.Dispose();
        try { await _accept; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
