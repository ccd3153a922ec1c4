using System.Net;
using System.Net.Sockets;
using EdgeCtl.Hil.Net;

namespace EdgeCtl.Hil.Stage;

/// <summary>The stage's GCS over TCP (<c>--gcs-port</c>): one <see cref="GcsStreamParser"/> per connection, shared stage.</summary>
public sealed class GcsTcpServer : IDisposable
{
    private readonly TcpConnectionHost _host;
    private readonly GcsInterpreter _interpreter;
    private readonly StageController _stage;

    /// <summary>Binds the listener.</summary>
    public GcsTcpServer(IPAddress address, int port, GcsInterpreter interpreter, StageController stage)
    {
        _interpreter = interpreter;
        _stage = stage;
        _host = new TcpConnectionHost("gcs-tcp", address, port, Serve);
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint EndPoint => _host.EndPoint;

    /// <summary>Starts accepting connections.</summary>
    public void Start() => _host.Start();

    /// <inheritdoc />
    public void Dispose() => _host.Dispose();

    private void Serve(Socket socket)
    {
        var parser = new GcsStreamParser(_interpreter);
        var input = new byte[4096];
        var output = new List<byte>(256);
        while (true)
        {
            int n = socket.Receive(input);
            if (n == 0) return;
            output.Clear();
            parser.Feed(input.AsSpan(0, n), output, () => _stage.SetError(GcsErrorCode.ParameterSyntax));
            if (output.Count > 0) socket.Send(output.ToArray());
        }
    }
}
