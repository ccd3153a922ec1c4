using System.Net.Sockets;
using System.Text;

namespace EdgeCtl.Drivers;

/// <summary>
/// The GCS line protocol over any byte channel: one request at a time (<see cref="SemaphoreSlim"/>),
/// stale input discarded before each request, answers read until a line that does not end with
/// " \n" (PI multi-line convention, wire-protocol.md §1), a per-request deadline.
/// Concrete transports: <see cref="SerialGcsTransport"/> and <see cref="TcpGcsTransport"/>.
/// </summary>
public abstract class GcsTransportBase : IGcsTransport
{
    private readonly IByteChannel _channel;
    private readonly LineReader _lines = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[] _single = new byte[1];
    private bool _disposed;

    private protected GcsTransportBase(IByteChannel channel, GcsTransportOptions options)
    {
        _channel = channel;
        Options = options;
    }

    /// <summary>The options in force.</summary>
    public GcsTransportOptions Options { get; }

    /// <inheritdoc />
    public string DeviceName => _channel.Name;

    /// <inheritdoc />
    public Task SendAsync(string command, CancellationToken ct) => ExchangeAsync(Encode(command), command, expectAnswer: false, ct);

    /// <inheritdoc />
    public async Task<string> QueryAsync(string command, CancellationToken ct) =>
        (await ExchangeAsync(Encode(command), command, expectAnswer: true, ct).ConfigureAwait(false))!;

    /// <inheritdoc />
    public async Task<string> QueryByteAsync(byte command, CancellationToken ct) =>
        (await ExchangeAsync(null, SingleByteName(command), expectAnswer: true, ct, command).ConfigureAwait(false))!;

    /// <inheritdoc />
    public Task SendByteAsync(byte command, CancellationToken ct) =>
        ExchangeAsync(null, SingleByteName(command), expectAnswer: false, ct, command);

    private static string SingleByteName(byte command) => $"#{command}";

    private static byte[] Encode(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (command.AsSpan().IndexOfAny('\n', '\r') >= 0)
            throw new ArgumentException($"GCS command must be a single line without CR/LF: '{command.ReplaceLineEndings("\\n")}'.", nameof(command));
        var bytes = new byte[Encoding.ASCII.GetByteCount(command) + 1];
        Encoding.ASCII.GetBytes(command, bytes);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    private async Task<string?> ExchangeAsync(byte[]? line, string request, bool expectAnswer, CancellationToken ct, byte single = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var timeout = Options.RequestTimeout;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var deadline = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
            _lines.Clear();
            _channel.DiscardInput();
            ReadOnlyMemory<byte> payload;
            if (line is null)
            {
                _single[0] = single;
                payload = _single;
            }
            else payload = line;
            await _channel.WriteAsync(payload, timeout, ct).ConfigureAwait(false);
            if (!expectAnswer) return null;

            var first = await _lines.ReadLineAsync(_channel, deadline, request, ct).ConfigureAwait(false);
            if (!first.EndsWith(' ')) return first;
            var answer = new StringBuilder(first);
            while (true)
            {
                var next = await _lines.ReadLineAsync(_channel, deadline, request, ct).ConfigureAwait(false);
                answer.Append('\n').Append(next);
                if (!next.EndsWith(' ')) return answer.ToString();
            }
        }
        catch (TimeoutException ex)
        {
            _channel.Reset();
            throw new DeviceTimeoutException(DeviceName, request, timeout, ex);
        }
        catch (OperationCanceledException)
        {
            _channel.Reset();
            throw;
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            _channel.Reset();
            throw new DeviceConnectionException(DeviceName, $"'{request}' failed: {ex.Message}", ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the underlying tty or connection.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _channel.Dispose();
        GC.SuppressFinalize(this);
    }
}
