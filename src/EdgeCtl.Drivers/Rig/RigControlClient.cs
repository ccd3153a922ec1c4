using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EdgeCtl.Drivers;

/// <summary>
/// Client of the HIL rig's control port (wire-protocol.md §4): one LF-terminated command, one answer
/// line <c>OK [value]</c> or <c>ERR &lt;text&gt;</c>. Used for the emulated GPIO lines
/// (<see cref="RigDigitalLines"/>), the virtual clock, the evaluation-only TARGET and fault injection.
/// One request at a time; the connection opens lazily and is reopened after a failure.
/// </summary>
public sealed class RigControlClient : IDisposable
{
    private readonly RigControlOptions _options;
    private readonly TcpByteChannel _channel;
    private readonly LineReader _lines = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the client; nothing is connected until the first command.</summary>
    public RigControlClient(RigControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        DeviceName = $"rig control {options.Host}:{options.Port}";
        _channel = new TcpByteChannel(options.Host, options.Port, options.ConnectTimeout, DeviceName);
    }

    /// <summary>"rig control host:port".</summary>
    public string DeviceName { get; }

    /// <summary>Sends one command and returns the payload of its <c>OK</c> answer ("" for a bare <c>OK</c>).</summary>
    /// <param name="command">E.g. <c>"GPIO SET interlock_ok 0"</c>, <c>"FAULT tcp-close-mid-image 1"</c>; no CR/LF.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="ArgumentException">Empty command or one containing CR/LF.</exception>
    /// <exception cref="RigControlException">The rig answered <c>ERR</c>.</exception>
    /// <exception cref="ProtocolException">The answer is neither <c>OK …</c> nor <c>ERR …</c>.</exception>
    /// <exception cref="DeviceTimeoutException">No answer within the request timeout.</exception>
    /// <exception cref="DeviceConnectionException">The connection failed.</exception>
    public async Task<string> SendAsync(string command, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (command.AsSpan().IndexOfAny('\n', '\r') >= 0)
            throw new ArgumentException($"Rig command must be one line without CR/LF: '{command.ReplaceLineEndings("\\n")}'.", nameof(command));
        var bytes = Encoding.UTF8.GetBytes(command + "\n");
        var timeout = _options.RequestTimeout;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        string answer;
        try
        {
            _lines.Clear();
            _channel.DiscardInput();
            var deadline = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
            await _channel.WriteAsync(bytes, timeout, ct).ConfigureAwait(false);
            answer = (await _lines.ReadLineAsync(_channel, deadline, command, ct).ConfigureAwait(false)).TrimEnd('\r');
        }
        catch (TimeoutException ex)
        {
            _channel.Reset();
            throw new DeviceTimeoutException(DeviceName, command, timeout, ex);
        }
        catch (OperationCanceledException)
        {
            _channel.Reset();
            throw;
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            _channel.Reset();
            throw new DeviceConnectionException(DeviceName, $"'{command}' failed: {ex.Message}", ex);
        }
        finally
        {
            _gate.Release();
        }

        if (answer == "OK") return "";
        if (answer.StartsWith("OK ", StringComparison.Ordinal)) return answer[3..].Trim();
        if (answer == "ERR" || answer.StartsWith("ERR ", StringComparison.Ordinal))
            throw new RigControlException(DeviceName, command, answer.Length > 4 ? answer[4..] : "(no text)");
        throw new ProtocolException(DeviceName, $"answer to '{command}' is neither 'OK …' nor 'ERR …': \"{GcsAnswerParser.Quote(answer)}\"");
    }

    /// <summary>The rig's instrument clock (<c>CLOCK</c>), instrument seconds.</summary>
    /// <exception cref="ProtocolException">The value is not a finite number.</exception>
    public async Task<double> GetClockAsync(CancellationToken ct = default)
    {
        var text = await SendAsync("CLOCK", ct).ConfigureAwait(false);
        return ParseNumber(text, "CLOCK");
    }

    /// <summary>
    /// The hidden EELS target y(c) at <c>n = compositionsFlat.Length / dims</c> compositions
    /// (<c>TARGET c1 c2 … ; c1 c2 …</c>), fractions in the order of <see cref="GetElementsAsync"/>.
    /// For evaluation only — the campaign must never decide with it (wire-protocol.md §4).
    /// </summary>
    /// <param name="compositionsFlat">n × dims fractions, row-major.</param>
    /// <param name="dims">Number of elements per composition (≥ 1).</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>n target values.</returns>
    /// <exception cref="ArgumentException">Empty input, a length not divisible by <paramref name="dims"/>, or a non-finite fraction.</exception>
    /// <exception cref="ProtocolException">The rig returned another number of values or a non-number.</exception>
    public async Task<double[]> GetTargetAsync(ReadOnlyMemory<double> compositionsFlat, int dims, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dims, 1);
        if (compositionsFlat.IsEmpty || compositionsFlat.Length % dims != 0)
            throw new ArgumentException($"TARGET needs n × {dims} fractions; got {compositionsFlat.Length}.", nameof(compositionsFlat));
        var n = compositionsFlat.Length / dims;
        var sb = new StringBuilder("TARGET");
        var flat = compositionsFlat.Span;
        for (var i = 0; i < flat.Length; i++)
        {
            if (!double.IsFinite(flat[i])) throw new ArgumentException($"TARGET fraction {i} is {flat[i]}; fractions must be finite.", nameof(compositionsFlat));
            if (i > 0 && i % dims == 0) sb.Append(" ;");
            sb.Append(' ').Append(flat[i].ToString("R", CultureInfo.InvariantCulture));
        }
        var command = sb.ToString();
        var parts = (await SendAsync(command, ct).ConfigureAwait(false)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != n)
            throw new ProtocolException(DeviceName, $"TARGET for {n} compositions returned {parts.Length} values");
        var result = new double[n];
        for (var i = 0; i < n; i++) result[i] = ParseNumber(parts[i], "TARGET");
        return result;
    }

    /// <summary>The element order of compositions (<c>ELEMENTS</c>), e.g. ["Au", "Co", "Ni"].</summary>
    /// <exception cref="ProtocolException">The rig listed no element.</exception>
    public async Task<string[]> GetElementsAsync(CancellationToken ct = default)
    {
        var parts = (await SendAsync("ELEMENTS", ct).ConfigureAwait(false)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new ProtocolException(DeviceName, "ELEMENTS returned no element");
        return parts;
    }

    /// <summary>Reads an emulated GPIO line (<c>GPIO GET &lt;line&gt;</c>).</summary>
    /// <exception cref="ProtocolException">The answer is not 0 or 1.</exception>
    public async Task<bool> GetGpioAsync(DigitalLine line, CancellationToken ct = default)
    {
        var command = $"GPIO GET {line.WireName()}";
        return await SendAsync(command, ct).ConfigureAwait(false) switch
        {
            "0" => false,
            "1" => true,
            var other => throw new ProtocolException(DeviceName, $"'{command}' returned \"{GcsAnswerParser.Quote(other)}\", expected 0 or 1"),
        };
    }

    /// <summary>Drives an emulated GPIO line (<c>GPIO SET &lt;line&gt; 0|1</c>); tests may drive the input <c>interlock_ok</c> this way.</summary>
    public async Task SetGpioAsync(DigitalLine line, bool value, CancellationToken ct = default)
    {
        var command = $"GPIO SET {line.WireName()} {(value ? 1 : 0)}";
        var payload = await SendAsync(command, ct).ConfigureAwait(false);
        if (payload.Length != 0)
            throw new ProtocolException(DeviceName, $"'{command}' returned \"{GcsAnswerParser.Quote(payload)}\", expected a bare OK");
    }

    private double ParseNumber(string text, string command) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new ProtocolException(DeviceName, $"'{command}' returned \"{GcsAnswerParser.Quote(text)}\", expected a finite number");

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _channel.Dispose();
}
