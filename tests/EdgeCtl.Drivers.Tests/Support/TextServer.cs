using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeCtl.Drivers.Tests.Support;

/// <summary>
/// A real TCP listener on 127.0.0.1 answering LF-terminated text commands with <see cref="Answer"/>
/// (null = stay silent), like the rig control port (wire-protocol.md §4). Commands are logged.
/// </summary>
internal sealed class TextServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TextServer(Func<string, string?> answer)
    {
        Answer = answer;
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Func<string, string?> Answer { get; }

    public ConcurrentQueue<string> Log { get; } = new();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public RigControlClient CreateClient(TimeSpan? timeout = null) =>
        new(new RigControlOptions { Host = "127.0.0.1", Port = Port, RequestTimeout = timeout ?? TimeSpan.FromSeconds(10) });

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException) { return; }
            _ = Task.Run(() => ConverseAsync(socket));
        }
    }

    private async Task ConverseAsync(Socket socket)
    {
        using var _ = socket;
        using var reader = new StreamReader(new NetworkStream(socket), Encoding.UTF8);
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                Log.Enqueue(line);
                if (Answer(line) is { } a) await socket.SendAsync(Encoding.UTF8.GetBytes(a + "\n"));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
