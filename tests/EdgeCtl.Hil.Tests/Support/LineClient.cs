using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeCtl.Hil.Tests.Support;

/// <summary>
/// A tiny LF-line TCP client for the GCS and control ports, with a receive timeout so a broken rig
/// fails the test instead of hanging it.
/// </summary>
public sealed class LineClient : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _pending = [];

    /// <summary>Connects to <paramref name="endPoint"/>.</summary>
    public LineClient(IPEndPoint endPoint)
    {
        _socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 20_000, NoDelay = true };
        _socket.Connect(endPoint);
    }

    /// <summary>Sends raw bytes.</summary>
    public void SendRaw(ReadOnlySpan<byte> bytes) => _socket.Send(bytes);

    /// <summary>Sends <paramref name="line"/> + LF.</summary>
    public void Send(string line) => _socket.Send(Encoding.ASCII.GetBytes(line + "\n"));

    /// <summary>Reads one line including its LF.</summary>
    public string ReadLine()
    {
        while (true)
        {
            int lf = _pending.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                string s = Encoding.UTF8.GetString(_pending.GetRange(0, lf + 1).ToArray());
                _pending.RemoveRange(0, lf + 1);
                return s;
            }
            var buf = new byte[4096];
            int n = _socket.Receive(buf);
            if (n == 0) throw new IOException("connection closed while waiting for a line");
            _pending.AddRange(buf.AsSpan(0, n).ToArray());
        }
    }

    /// <summary>Reads a GCS answer: lines are collected while they end with " \n" (PI multi-line format).</summary>
    public string ReadGcsAnswer()
    {
        var sb = new StringBuilder();
        while (true)
        {
            string line = ReadLine();
            sb.Append(line);
            if (!line.EndsWith(" \n", StringComparison.Ordinal)) return sb.ToString();
        }
    }

    /// <summary>Sends a GCS query and returns the whole answer, raw.</summary>
    public string Query(string command)
    {
        Send(command);
        return ReadGcsAnswer();
    }

    /// <summary>Sends a control command and returns its answer line without LF.</summary>
    public string Control(string command)
    {
        Send(command);
        return ReadLine().TrimEnd('\n');
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}
