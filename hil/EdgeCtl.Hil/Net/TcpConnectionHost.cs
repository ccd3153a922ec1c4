using System.Net;
using System.Net.Sockets;
using EdgeCtl.Hil.Diagnostics;

namespace EdgeCtl.Hil.Net;

/// <summary>
/// A TCP listener that serves every accepted connection on its own background thread with blocking
/// socket I/O (the rig has few, long-lived clients). Tracks open connections so they can all be
/// closed at once (fault <c>close-scan</c>, shutdown). The handler owns the protocol; the host
/// disposes the socket when the handler returns.
/// </summary>
public sealed class TcpConnectionHost : IDisposable
{
    private readonly string _name;
    private readonly Socket _listener;
    private readonly Action<Socket> _handler;
    private readonly Lock _gate = new();
    private readonly HashSet<Socket> _connections = [];
    private Thread? _acceptThread;
    private volatile bool _disposed;

    /// <summary>Binds and listens on <paramref name="address"/>:<paramref name="port"/> (0 = ephemeral).</summary>
    /// <exception cref="SocketException">The port cannot be bound.</exception>
    public TcpConnectionHost(string name, IPAddress address, int port, Action<Socket> handler)
    {
        _name = name;
        _handler = handler;
        _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(new IPEndPoint(address, port));
        _listener.Listen(16);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Starts accepting connections.</summary>
    public void Start()
    {
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = $"{_name}-accept" };
        _acceptThread.Start();
    }

    /// <summary>Closes every open connection (the listener stays up).</summary>
    public int CloseAllConnections()
    {
        Socket[] open;
        lock (_gate) open = [.. _connections];
        foreach (var s in open) Abort(s);
        return open.Length;
    }

    /// <summary>Stops listening and closes every connection.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _listener.Dispose();
        CloseAllConnections();
        _acceptThread?.Join(TimeSpan.FromSeconds(2));
    }

    private void AcceptLoop()
    {
        while (!_disposed)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (!_disposed) RigLog.Error($"{_name}: accept failed: {e.Message}");
                return;
            }
            client.NoDelay = true;
            lock (_gate) _connections.Add(client);
            var thread = new Thread(() => Serve(client)) { IsBackground = true, Name = $"{_name}-conn" };
            thread.Start();
        }
    }

    private void Serve(Socket client)
    {
        string peer = client.RemoteEndPoint?.ToString() ?? "?";
        RigLog.Info($"{_name}: connection from {peer}");
        try
        {
            _handler(client);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            RigLog.Debug($"{_name}: connection {peer} ended: {e.Message}");
        }
        catch (Exception e)
        {
            RigLog.Error($"{_name}: connection {peer} failed: {e}");
        }
        finally
        {
            lock (_gate) _connections.Remove(client);
            client.Dispose();
            RigLog.Info($"{_name}: connection from {peer} closed");
        }
    }

    private static void Abort(Socket s)
    {
        try
        {
            s.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // already closed by the peer
        }
        s.Dispose();
    }
}
