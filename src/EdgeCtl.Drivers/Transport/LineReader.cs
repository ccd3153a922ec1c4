using System.Text;

namespace EdgeCtl.Drivers;

/// <summary>
/// Splits a byte stream into LF-terminated text lines (ASCII/UTF-8), with an overall deadline per
/// call. Bytes after the returned line stay buffered for the next call until <see cref="Clear"/>.
/// </summary>
internal sealed class LineReader
{
    /// <summary>Longest accepted line, bytes; a longer one is a protocol error.</summary>
    public const int MaxLineBytes = 65536;

    private readonly byte[] _buffer = new byte[MaxLineBytes];
    private int _start;
    private int _end;

    /// <summary>Forgets buffered bytes.</summary>
    public void Clear() => _start = _end = 0;

    /// <summary>
    /// Reads the next line and returns it without its LF (any trailing space or CR is kept, so the
    /// PI multi-line marker " \n" stays visible to the caller).
    /// </summary>
    /// <param name="channel">Source of bytes.</param>
    /// <param name="deadline">Absolute <see cref="Environment.TickCount64"/> deadline in ms.</param>
    /// <param name="request">The request being answered, for error messages.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="TimeoutException">The deadline passed before the LF.</exception>
    /// <exception cref="ProtocolException">The line exceeds <see cref="MaxLineBytes"/>.</exception>
    public async ValueTask<string> ReadLineAsync(IByteChannel channel, long deadline, string request, CancellationToken ct)
    {
        while (true)
        {
            var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (lf >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, lf - _start);
                _start = lf + 1;
                if (_start == _end) _start = _end = 0;
                return line;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
                throw new ProtocolException(channel.Name, $"answer to '{request}' has a line longer than {MaxLineBytes} bytes without LF");
            var left = deadline - Environment.TickCount64;
            if (left <= 0) throw new TimeoutException($"{channel.Name}: deadline passed while reading the answer to '{request}'.");
            _end += await channel.ReadAsync(_buffer.AsMemory(_end), TimeSpan.FromMilliseconds(left), ct).ConfigureAwait(false);
        }
    }
}
