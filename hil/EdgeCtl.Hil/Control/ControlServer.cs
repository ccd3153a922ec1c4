using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeCtl.Hil.Net;

namespace EdgeCtl.Hil.Control;

/// <summary>
/// The rig control port (<c>--control-port</c>, docs/wire-protocol.md §4): LF-terminated text
/// commands, one answer line each. Lines longer than <see cref="MaxLineBytes"/> are answered with an
/// error and discarded.
/// </summary>
public sealed class ControlServer : IDisposable
{
    /// <summary>Longest accepted command line, bytes.</summary>
    public const int MaxLineBytes = 64 * 1024;

    private readonly TcpConnectionHost _host;
    private readonly ControlInterpreter _interpreter;

    /// <summary>Binds the listener.</summary>
    public ControlServer(IPAddress address, int port, ControlInterpreter interpreter)
    {
        _interpreter = interpreter;
        _host = new TcpConnectionHost("control", address, port, Serve);
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint EndPoint => _host.EndPoint;

    /// <summary>Starts accepting connections.</summary>
    public void Start() => _host.Start();

    /// <inheritdoc />
    public void Dispose() => _host.Dispose();

    private void Serve(Socket socket)
    {
        var input = new byte[4096];
        var line = new List<byte>(128);
        bool discarding = false;
        while (true)
        {
            int n = socket.Receive(input);
            if (n == 0) return;
            for (int i = 0; i < n; i++)
            {
                byte b = input[i];
                if (b != (byte)'\n')
                {
                    if (discarding) continue;
                    if (line.Count >= MaxLineBytes)
                    {
                        discarding = true;
                        line.Clear();
                        Reply(socket, $"ERR line longer than {MaxLineBytes} bytes");
                        continue;
                    }
                    line.Add(b);
                    continue;
                }
                if (!discarding)
                {
                    string text = Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
                    Reply(socket, _interpreter.Execute(text));
                }
                discarding = false;
                line.Clear();
            }
        }
    }

    private static void Reply(Socket socket, string answer) => socket.Send(Encoding.UTF8.GetBytes(answer + "\n"));
}
