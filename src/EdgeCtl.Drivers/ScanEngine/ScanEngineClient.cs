using System.Net.Sockets;
using EdgeCtl.Realtime;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EdgeCtl.Drivers;

/// <summary>
/// <see cref="IScanEngine"/> over the binary scan-engine protocol (wire-protocol.md §2).
/// <list type="bullet">
/// <item>The connection opens lazily (Polly: exponential back-off with jitter, per-attempt timeout
/// that includes the Hello handshake) and every new connection starts with Hello, so the protocol
/// version is checked and <see cref="Info"/> is fresh.</item>
/// <item>Every reply header is validated before its payload is read (<see cref="FrameHeader.ParseReply"/>);
/// a violation or a reply to another request id raises <see cref="ProtocolException"/> and drops the
/// connection; the next request reconnects.</item>
/// <item>A request whose connection dies before the reply is complete (e.g. mid-image) is retried once
/// on a fresh connection: every request of this protocol is idempotent from the client's side.</item>
/// <item>Each request has a timeout of <see cref="ScanEngineOptions.RequestTimeout"/> plus its expected
/// duration (instrument seconds ÷ time_scale); on expiry the connection is dropped and
/// <see cref="DeviceTimeoutException"/> is thrown.</item>
/// </list>
/// Requests are serialised. Image and spectrum payloads are decoded into pooled buffers through a
/// reused staging buffer.
/// </summary>
public sealed class ScanEngineClient : IScanEngine, IDisposable
{
    private readonly ScanEngineOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ResiliencePipeline _connectPipeline;
    private CancellationTokenSource _timeout = new();
    private ScanEngineConnection? _connection;
    private ScanEngineInfo? _info;
    private Exception? _dropCause;
    private bool _justConnected;
    private int _connectionsOpened;
    private int _reconnects;
    private uint _lastRequestId;
    private double _lastInstrumentSeconds;
    private volatile bool _disposed;

    /// <summary>Creates the client; nothing is connected until the first request.</summary>
    /// <exception cref="ArgumentException">Empty host, port outside 1 … 65535, or a non-positive timeout.</exception>
    public ScanEngineClient(ScanEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Host, nameof(options));
        if (options.Port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Scan-engine port must be 1 … 65535.");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConnectTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.ConnectRetryAttempts, nameof(options));
        _options = options;
        DeviceName = options.DeviceName ?? $"scan engine {options.Host}:{options.Port}";
        var builder = new ResiliencePipelineBuilder();
        if (options.ConnectRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.ConnectRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ConnectRetryBaseDelay,
                MaxDelay = options.ConnectRetryMaxDelay,
                ShouldHandle = new PredicateBuilder().Handle<SocketException>().Handle<IOException>().Handle<TimeoutRejectedException>(),
            });
        }
        _connectPipeline = builder.AddTimeout(options.ConnectTimeout).Build();
    }

    /// <summary>Device name used in error messages.</summary>
    public string DeviceName { get; }

    /// <summary>HelloReply of the current (or last) connection; null before the first connection.</summary>
    public ScanEngineInfo? Info => Volatile.Read(ref _info);

    /// <inheritdoc />
    public double LastInstrumentSeconds => Volatile.Read(ref _lastInstrumentSeconds);

    /// <inheritdoc />
    public int ReconnectCount => Volatile.Read(ref _reconnects);

    /// <inheritdoc />
    public event EventHandler<ScanEngineReconnectedEventArgs>? Reconnected;

    /// <inheritdoc />
    public Task<ScanEngineInfo> ConnectAsync(CancellationToken ct) =>
        ExecuteAsync(MessageType.Hello, this, 0, static async (conn, label, self, ct) =>
        {
            if (self._justConnected) return self._info!; // the handshake of this very connection
            var info = await HelloAsync(conn, label, ct).ConfigureAwait(false);
            self._info = info;
            self.Observe(info.InstrumentSeconds);
            return info;
        }, ct);

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is not finite.</exception>
    public Task SetBeamShiftAsync(double xNm, double yNm, CancellationToken ct)
    {
        if (!double.IsFinite(xNm) || !double.IsFinite(yNm))
            throw new ArgumentOutOfRangeException(nameof(xNm), $"Beam shift ({xNm}, {yNm}) nm must be finite.");
        return ExecuteAsync(MessageType.SetBeamShift, (Self: this, X: xNm, Y: yNm), 0, static (conn, label, s, ct) =>
            s.Self.AckAsync(conn, label, RequestEncoder.SetBeamShift(conn.SendBuffer, label.Id, s.X, s.Y), ct), ct);
    }

    /// <inheritdoc />
    public Task<ImageFrame16> AcquireImageAsync(ImageRequest request, CancellationToken ct)
    {
        request.Validate();
        return ExecuteAsync(MessageType.AcquireImage, (Self: this, Request: request), request.ExpectedSeconds, static async (conn, label, s, ct) =>
        {
            await conn.SendAsync(RequestEncoder.AcquireImage(conn.SendBuffer, label.Id, s.Request), label, ct).ConfigureAwait(false);
            var frame = await ImageReceiver.ReceiveAsync(conn, s.Request, label, ct).ConfigureAwait(false);
            s.Self.Observe(frame.InstrumentSeconds);
            return frame;
        }, ct);
    }

    /// <inheritdoc />
    public Task<Spectrum> AcquireSpectrumAsync(SpectrumKind kind, double xNm, double yNm, double seconds, CancellationToken ct)
    {
        if (kind is not (SpectrumKind.Edx or SpectrumKind.Eels))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Spectrum kind must be Edx or Eels.");
        if (!double.IsFinite(xNm) || !double.IsFinite(yNm))
            throw new ArgumentOutOfRangeException(nameof(xNm), $"Probe position ({xNm}, {yNm}) nm must be finite.");
        if (!(seconds > 0 && seconds <= 3600))
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "Spectrum acquisition time must be in (0, 3600] s.");
        return ExecuteAsync(MessageType.AcquireSpectrum, (Self: this, Kind: kind, X: xNm, Y: yNm, Seconds: seconds), seconds, static async (conn, label, s, ct) =>
        {
            await conn.SendAsync(RequestEncoder.AcquireSpectrum(conn.SendBuffer, label.Id, s.Kind, s.X, s.Y, s.Seconds), label, ct).ConfigureAwait(false);
            var spectrum = await SpectrumReceiver.ReceiveAsync(conn, s.Kind, label, ct).ConfigureAwait(false);
            s.Self.Observe(spectrum.InstrumentSeconds);
            return spectrum;
        }, ct);
    }

    /// <inheritdoc />
    public Task RetuneAsync(CancellationToken ct) =>
        ExecuteAsync(MessageType.Retune, this, _options.RetuneExpectedSeconds, static (conn, label, self, ct) =>
            self.AckAsync(conn, label, RequestEncoder.Empty(conn.SendBuffer, MessageType.Retune, label.Id), ct), ct);

    /// <inheritdoc />
    public Task SetBeamBlankAsync(bool on, CancellationToken ct) =>
        ExecuteAsync(MessageType.BeamBlank, (Self: this, On: on), 0, static (conn, label, s, ct) =>
            s.Self.AckAsync(conn, label, RequestEncoder.BeamBlank(conn.SendBuffer, label.Id, s.On), ct), ct);

    /// <inheritdoc />
    public Task<ScanEngineStatus> GetStatusAsync(CancellationToken ct) =>
        ExecuteAsync(MessageType.Status, this, 0, static async (conn, label, self, ct) =>
        {
            await conn.SendAsync(RequestEncoder.Empty(conn.SendBuffer, MessageType.Status, label.Id), label, ct).ConfigureAwait(false);
            var payload = await ReadSingleReplyAsync(conn, label, MessageType.StatusReply, ct).ConfigureAwait(false);
            var status = ReplyDecoder.Status(payload.Span, conn.Device);
            self.Observe(status.InstrumentSeconds);
            return status;
        }, ct);

    private async Task<double> AckAsync(ScanEngineConnection conn, RequestLabel label, int requestLength, CancellationToken ct)
    {
        await conn.SendAsync(requestLength, label, ct).ConfigureAwait(false);
        var payload = await ReadSingleReplyAsync(conn, label, MessageType.Ack, ct).ConfigureAwait(false);
        var t = ReplyDecoder.Ack(payload.Span, conn.Device);
        Observe(t);
        return t;
    }

    /// <summary>Reads one reply of type <paramref name="expected"/> (or an Error, thrown) and returns its payload in the staging buffer.</summary>
    private static async ValueTask<ReadOnlyMemory<byte>> ReadSingleReplyAsync(ScanEngineConnection conn, RequestLabel label, MessageType expected, CancellationToken ct)
    {
        var h = await conn.ReadHeaderAsync(label, ct).ConfigureAwait(false);
        if (h.Type == MessageType.Error)
            throw ReplyDecoder.Error((await conn.ReadPayloadAsync(h.PayloadLength, label, "Error", ct).ConfigureAwait(false)).Span, conn.Device, label);
        ReplyDecoder.Expect(h, expected, conn.Device, label);
        return await conn.ReadPayloadAsync(h.PayloadLength, label, expected.ToString(), ct).ConfigureAwait(false);
    }

    private static async Task<ScanEngineInfo> HelloAsync(ScanEngineConnection conn, RequestLabel label, CancellationToken ct)
    {
        await conn.SendAsync(RequestEncoder.Empty(conn.SendBuffer, MessageType.Hello, label.Id), label, ct).ConfigureAwait(false);
        var payload = await ReadSingleReplyAsync(conn, label, MessageType.HelloReply, ct).ConfigureAwait(false);
        return ReplyDecoder.Hello(payload.Span, conn.Device);
    }

    private void Observe(double instrumentSeconds)
    {
        if (double.IsFinite(instrumentSeconds)) Volatile.Write(ref _lastInstrumentSeconds, instrumentSeconds);
    }

    private RequestLabel NextLabel(MessageType type) => new(type, ++_lastRequestId == 0 ? ++_lastRequestId : _lastRequestId);

    /// <summary>Wall-time timeout of a request expected to take <paramref name="instrumentSeconds"/> of instrument time.</summary>
    private TimeSpan TimeoutFor(double instrumentSeconds)
    {
        var scale = _info?.TimeScale ?? 1.0;
        return _options.RequestTimeout + TimeSpan.FromSeconds(instrumentSeconds / scale);
    }

    /// <summary>
    /// Runs one request under the gate: connect if needed, arm the timeout, run <paramref name="op"/>;
    /// classify failures (drop the connection on protocol errors, timeouts and cancellation; retry once
    /// when the connection was lost).
    /// </summary>
    private async Task<TResult> ExecuteAsync<TState, TResult>(
        MessageType type, TState state, double expectedInstrumentSeconds,
        Func<ScanEngineConnection, RequestLabel, TState, CancellationToken, Task<TResult>> op, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                _justConnected = false;
                var conn = await EnsureConnectedAsync(ct).ConfigureAwait(false);
                var label = NextLabel(type);
                var timeout = TimeoutFor(expectedInstrumentSeconds);
                _timeout.CancelAfter(timeout);
                var link = ct.CanBeCanceled ? ct.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _timeout) : default;
                try
                {
                    return await op(conn, label, state, _timeout.Token).ConfigureAwait(false);
                }
                catch (ConnectionLostException ex)
                {
                    Drop(ex);
                    ct.ThrowIfCancellationRequested();
                    if (attempt == 1) continue; // idempotent: once more on a fresh connection
                    throw new DeviceConnectionException(DeviceName, $"{label}: {ex.Message} (already retried once on a fresh connection)", ex);
                }
                catch (ProtocolException ex)
                {
                    Drop(ex);
                    throw;
                }
                catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
                {
                    var timedOut = new DeviceTimeoutException(DeviceName, label.ToString(), timeout, ex);
                    Drop(timedOut);
                    throw timedOut;
                }
                catch (OperationCanceledException ex)
                {
                    Drop(ex);
                    throw;
                }
                finally
                {
                    link.Dispose();
                    if (!_timeout.TryReset())
                    {
                        _timeout.Dispose();
                        _timeout = new CancellationTokenSource();
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<ScanEngineConnection> EnsureConnectedAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_connection is { } open) return open;
        ScanEngineConnection conn;
        try
        {
            conn = await _connectPipeline.ExecuteAsync(static (self, token) => self.OpenAndGreetAsync(token), this, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutRejectedException)
        {
            throw new DeviceConnectionException(DeviceName,
                $"cannot connect to {_options.Host}:{_options.Port} ({1 + _options.ConnectRetryAttempts} attempts): {ex.Message}", ex);
        }
        _connection = conn;
        _justConnected = true;
        if (_connectionsOpened++ > 0)
        {
            var n = Interlocked.Increment(ref _reconnects);
            Reconnected?.Invoke(this, new ScanEngineReconnectedEventArgs(n, _dropCause));
        }
        return conn;
    }

    /// <summary>One connection attempt: TCP connect and the Hello handshake (both under Polly's per-attempt timeout).</summary>
    private async ValueTask<ScanEngineConnection> OpenAndGreetAsync(CancellationToken token)
    {
        var conn = await ScanEngineConnection.OpenAsync(_options.Host, _options.Port, DeviceName, token).ConfigureAwait(false);
        try
        {
            var info = await HelloAsync(conn, NextLabel(MessageType.Hello), token).ConfigureAwait(false);
            _info = info;
            Observe(info.InstrumentSeconds);
            return conn;
        }
        catch
        {
            conn.Dispose();
            throw;
        }
    }

    private void Drop(Exception? cause)
    {
        _dropCause = cause;
        Interlocked.Exchange(ref _connection, null)?.Dispose();
    }

    /// <summary>Closes the connection; a request in flight fails, later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Drop(null);
    }
}
