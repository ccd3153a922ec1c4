using System.Net.Sockets;
using System.Text;

namespace EdgeCtl.Hil.Tests.EndToEnd;

/// <summary>One command to the rig's text control port (docs/wire-protocol.md §4).</summary>
public static class ControlPort
{
    /// <summary>Sends <paramref name="command"/>; returns the OK payload, throws on ERR.</summary>
    public static string Send(string endpoint, string command)
    {
        var colon = endpoint.LastIndexOf(':');
        using var client = new TcpClient(endpoint[..colon], int.Parse(endpoint[(colon + 1)..]));
        using var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes(command + "\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var answer = reader.ReadLine() ?? throw new IOException($"rig control closed on '{command}'");
        if (!answer.StartsWith("OK", StringComparison.Ordinal)) throw new InvalidOperationException($"'{command}' → {answer}");
        return answer.Length > 2 ? answer[3..] : "";
    }
}
