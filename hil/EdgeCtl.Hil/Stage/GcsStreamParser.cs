using System.Text;

namespace EdgeCtl.Hil.Stage;

/// <summary>
/// Splits the GCS byte stream of one connection into commands: LF-terminated lines (a trailing CR is
/// dropped) and the single-byte commands 0x05 (#5) and 0x18 (#24), which arrive without LF and are
/// executed at once wherever they appear. Lines longer than <see cref="MaxLineBytes"/> are discarded
/// up to the next LF and set error 1. Answers are appended to the output buffer in order.
/// Not thread-safe: one parser per connection.
/// </summary>
public sealed class GcsStreamParser(GcsInterpreter interpreter)
{
    /// <summary>Longest accepted command line, bytes.</summary>
    public const int MaxLineBytes = 1024;

    private readonly byte[] _line = new byte[MaxLineBytes];
    private int _length;
    private bool _discarding;

    /// <summary>Consumes received bytes and executes every complete command.</summary>
    /// <param name="input">Bytes received from the transport.</param>
    /// <param name="output">Receives every answer, ASCII, in order.</param>
    /// <param name="onOverlong">Called when an overlong line is discarded (to set error 1).</param>
    public void Feed(ReadOnlySpan<byte> input, List<byte> output, Action onOverlong)
    {
        foreach (byte b in input)
        {
            if (b is GcsInterpreter.MotionStatusByte or GcsInterpreter.StopByte)
            {
                Append(output, interpreter.ExecuteControlByte(b));
                continue;
            }
            if (b == (byte)'\n')
            {
                if (!_discarding)
                {
                    int n = _length;
                    if (n > 0 && _line[n - 1] == (byte)'\r') n--;
                    Append(output, interpreter.Execute(Encoding.ASCII.GetString(_line, 0, n)));
                }
                _length = 0;
                _discarding = false;
                continue;
            }
            if (_discarding) continue;
            if (_length == MaxLineBytes)
            {
                _discarding = true;
                _length = 0;
                onOverlong();
                continue;
            }
            _line[_length++] = b;
        }
    }

    private static void Append(List<byte> output, string? answer)
    {
        if (answer is not null) output.AddRange(Encoding.ASCII.GetBytes(answer));
    }
}
