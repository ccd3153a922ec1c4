using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// EdgeCtl's MQTT side: one libmosquitto connection that publishes status, events, metrics and
/// alarms under <c>edgectl/{instrument_id}/</c> and receives commands (DESIGN.md "MQTT").
/// </summary>
/// <remarks>
/// <para><b>Never blocks the campaign.</b> <see cref="Start"/> returns at once; libmosquitto's network
/// thread connects and reconnects in the background (<see cref="MqttOptions.ReconnectDelaySeconds"/>,
/// doubling to <see cref="MqttOptions.ReconnectDelayMaxSeconds"/>). Every other call only records
/// state and wakes the drain task.</para>
/// <para><b>status</b>: retained, QoS 1, latest wins; re-sent after every (re)connect. The Last Will
/// is a retained QoS 1 <c>{"state":"offline",...}</c> on the same topic (its <c>updated_utc</c> is the
/// time <see cref="Start"/> ran: the broker adds no timestamp).</para>
/// <para><b>event</b> and other durable messages come from the <see cref="IOutbox"/> (written to the
/// store first). The drain task publishes them QoS 1 in id order while connected, with at most
/// <see cref="MqttOptions.MaxInFlight"/> awaiting PUBACK; the rest wait in the outbox.
/// <see cref="IOutbox.MarkPublished"/> is called only for a PUBACK with a success reason code
/// (MQTT 5.0 §3.4.2.1). libmosquitto re-sends every unacknowledged QoS 1 message after a reconnect
/// (with DUP), and a restarted process re-sends whatever the store still holds: at-least-once, so
/// consumers de-duplicate on <c>event_id</c>. A message the broker refuses (reason ≥ 0x80, e.g. an
/// ACL denial) is logged, stays in the outbox, and keeps its window slot until the next process, so
/// a misconfigured broker stops the drain instead of losing events.</para>
/// <para><b>metrics</b>: QoS 0, dropped while disconnected. <b>alarm</b>: QoS 1, up to
/// <see cref="MaxQueuedAlarms"/> kept in memory while disconnected.</para>
/// <para><b>Commands</b>: subscribes <c>{root}cmd/#</c> (QoS 1) on every connect; valid commands appear
/// on <see cref="Commands"/>, invalid ones produce an alarm naming the problem
/// (<see cref="MqttCommandHandler"/>).</para>
/// <para><b>Shutdown</b>: <see cref="StopAsync"/> publishes a final status, waits (bounded) for
/// outstanding acknowledgements, then sends DISCONNECT so the Will does not fire.</para>
/// </remarks>
public sealed class MqttPublisher : IAsyncDisposable
{
    /// <summary>Alarms kept while disconnected; older ones are dropped (and logged) beyond this.</summary>
    public const int MaxQueuedAlarms = 100;

    /// <summary>The drain task also runs this often without being notified (a missed
    /// <see cref="Notify"/> delays an event by at most this).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(5);
    private const int QosAtLeastOnce = 1;
    private const int ReasonRefused = 0x80;

    private readonly MqttOptions _options;
    private readonly IOutbox _outbox;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly InFlightWindow _window;
    private readonly ConcurrentQueue<long> _acked = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly MqttCommandHandler _commands;
    private readonly Queue<byte[]> _alarms = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _root;
    private readonly string _statusTopic;
    private readonly string _alarmTopic;
    private readonly string _metricsTopic;
    private readonly string _commandFilter;

    private MosquittoClient? _client;
    private Task? _drainTask;
    private StatusMessage? _lastStatus;
    private byte[]? _statusPayload;
    private bool _statusDirty;
    private bool _connected;
    private bool _loopDied;
    private bool _connectPending;
    private int _connectFailures;
    private DateTimeOffset _nextConnectAttempt;
    private DateTimeOffset _loopDiedAt;
    private int _finalStatusMid = -1;
    private TaskCompletionSource? _finalStatusAck;
    private int _lifecycle; // 0 new, 1 started, 2 stopping/stopped

    /// <summary>Creates the publisher; nothing connects until <see cref="Start"/>.</summary>
    /// <param name="options">Validated settings (<see cref="MqttOptions.Validate"/>).</param>
    /// <param name="outbox">The durable outbox (campaign store).</param>
    /// <param name="logger">Log sink.</param>
    /// <param name="time">Clock for timestamps; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">Invalid <paramref name="options"/>, naming the key.</exception>
    public MqttPublisher(MqttOptions options, IOutbox outbox, ILogger<MqttPublisher> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _log = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? TimeProvider.System;
        _window = new InFlightWindow(options.MaxInFlight);
        _root = options.TopicRoot;
        _statusTopic = _root + "status";
        _alarmTopic = _root + "alarm";
        _metricsTopic = _root + "metrics";
        _commandFilter = _root + "cmd/#";
        _commands = new MqttCommandHandler(_root, _time);
    }

    /// <summary>The topic root, <c>edgectl/{instrument_id}/</c>.</summary>
    public string TopicRoot => _root;

    /// <summary>True between a successful CONNACK and the next disconnect.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
                return _connected;
        }
    }

    /// <summary>Validated commands for the campaign runner (thread-safe; completes after <see cref="StopAsync"/>).</summary>
    public ChannelReader<CampaignCommand> Commands => _commands.Reader;

    /// <summary>Outbox events the broker refused in this process (they remain in the outbox).</summary>
    public int RefusedEvents
    {
        get
        {
            lock (_gate)
                return _window.Refused;
        }
    }

    /// <summary>The underlying connection once started (tests cut its socket to simulate a network loss).</summary>
    internal MosquittoClient? Client => _client;

    /// <summary>Creates the connection and starts the background network thread and drain task.
    /// Returns at once; an unreachable broker is retried in the background.</summary>
    /// <exception cref="DllNotFoundException">libmosquitto1 is not installed.</exception>
    /// <exception cref="MosquittoException">libmosquitto rejected a setting.</exception>
    /// <exception cref="InvalidOperationException">Already started or stopped.</exception>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _lifecycle, 1, 0) != 0)
            throw new InvalidOperationException("MqttPublisher.Start may be called once.");

        MosquittoClient? client = null;
        try
        {
            client = new MosquittoClient(_options.EffectiveClientId, cleanSession: true);
            if (!string.IsNullOrEmpty(_options.Username))
                client.SetCredentials(_options.Username, _options.Password);
            var will = new StatusMessage(
                CampaignState.Offline, null, 0, 0, null, 0, null, null,
                "connection to the EdgeCtl service lost (MQTT Last Will)", _time.GetUtcNow());
            client.SetWill(_statusTopic, MqttJson.Serialize(will), QosAtLeastOnce, retain: true);
            client.SetReconnectDelay(
                TimeSpan.FromSeconds(_options.ReconnectDelaySeconds),
                TimeSpan.FromSeconds(_options.ReconnectDelayMaxSeconds),
                exponential: true);
            client.Connected += OnConnected;
            client.Disconnected += OnDisconnected;
            client.Published += OnPublished;
            client.MessageReceived += OnMessage;
            client.CallbackFailed += ex => _log.LogError(ex, "MQTT callback failed");
            _client = client;
            TryConnect(client);
            client.StartLoop();
        }
        catch
        {
            // A publisher that failed to start is finished: StopAsync/DisposeAsync have nothing to do.
            _client = null;
            client?.Dispose();
            Volatile.Write(ref _lifecycle, 2);
            _commands.Complete();
            throw;
        }

        _drainTask = Task.Run(() => DrainLoopAsync(_stop.Token));
    }

    /// <summary>Wakes the drain task: call after committing messages to the outbox. Cheap, never blocks.</summary>
    public void Notify() => Signal();

    /// <summary>Sets the retained status (latest wins) and publishes it as soon as connected.</summary>
    /// <param name="status">The new status; its <c>updated_utc</c> is kept as given.</param>
    public void PublishStatus(StatusMessage status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var payload = MqttJson.Serialize(status);
        lock (_gate)
        {
            _lastStatus = status;
            _statusPayload = payload;
            _statusDirty = true;
        }

        Signal();
    }

    /// <summary>Publishes periodic gauges, QoS 0, not retained.</summary>
    /// <returns>False when not connected (the sample is dropped).</returns>
    public bool PublishMetrics(MetricsMessage metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var payload = MqttJson.Serialize(metrics);
        var client = _client;
        if (client is null || !IsConnected || Volatile.Read(ref _lifecycle) != 1)
            return false;
        try
        {
            return client.TryPublish(_metricsTopic, payload, 0, false, out _) == MosquittoError.Success;
        }
        catch (Exception ex) when (ex is MosquittoException or ObjectDisposedException)
        {
            _log.LogWarning(ex, "MQTT metrics publish failed");
            return false;
        }
    }

    /// <summary>Queues an alarm for QoS 1 delivery (kept in memory while disconnected, up to
    /// <see cref="MaxQueuedAlarms"/>).</summary>
    public void PublishAlarm(AlarmMessage alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var payload = MqttJson.Serialize(alarm);
        lock (_gate)
        {
            if (_alarms.Count >= MaxQueuedAlarms)
            {
                _alarms.Dequeue();
                _log.LogWarning("MQTT alarm queue full ({Max}); the oldest alarm was dropped", MaxQueuedAlarms);
            }

            _alarms.Enqueue(payload);
        }

        Signal();
    }

    /// <summary>
    /// Clean shutdown: publishes <paramref name="finalStatus"/> (default: the last status, its state
    /// set to <c>offline</c> unless it is <c>completed</c> or <c>failed</c>), waits until it and the outstanding events are acknowledged or
    /// <paramref name="timeout"/> (default 5 s) passes, marks what was acknowledged, then sends
    /// DISCONNECT (so the Will does not fire) and releases the connection. Idempotent.
    /// </summary>
    public async Task StopAsync(StatusMessage? finalStatus = null, TimeSpan? timeout = null)
    {
        var previous = Interlocked.Exchange(ref _lifecycle, 2);
        if (previous != 1)
            return;

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_drainTask is not null)
            await _drainTask.ConfigureAwait(false);

        var client = _client!;
        FlushAlarms();
        var deadline = _time.GetUtcNow() + (timeout ?? DefaultStopTimeout);
        var final = finalStatus ?? DefaultFinalStatus(_lastStatus, _time.GetUtcNow());
        TaskCompletionSource? ack = null;
        lock (_gate)
        {
            _lastStatus = final;
            if (_connected)
            {
                try
                {
                    ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _finalStatusAck = ack;
                    client.TryPublish(_statusTopic, MqttJson.Serialize(final), QosAtLeastOnce, true, out var mid);
                    _finalStatusMid = mid;
                    _window.AddOther(mid, InFlightWindow.Kind.Status);
                }
                catch (MosquittoException ex)
                {
                    _log.LogWarning(ex, "MQTT final status publish failed");
                    ack = null;
                }
            }
        }

        while (_time.GetUtcNow() < deadline)
        {
            MarkAcknowledged();
            bool done;
            lock (_gate)
                done = (ack is null || ack.Task.IsCompleted) && (_window.Events == 0 || !_connected);
            if (done)
                break;
            await _wake.WaitAsync(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        }

        MarkAcknowledged();
        try
        {
            client.Disconnect();
        }
        catch (MosquittoException ex)
        {
            _log.LogWarning(ex, "MQTT disconnect failed");
        }

        client.Dispose();
        lock (_gate)
            _connected = false;
        _commands.Complete();
        _log.LogInformation("MQTT publisher stopped ({State})", final.State);
    }

    /// <summary>The status left retained by a clean stop without an explicit one: a finished campaign
    /// keeps its <c>completed</c>/<c>failed</c> state, anything else becomes <c>offline</c>.</summary>
    internal static StatusMessage DefaultFinalStatus(StatusMessage? last, DateTimeOffset now) => last switch
    {
        null => new StatusMessage(CampaignState.Offline, null, 0, 0, null, 0, null, null, null, now),
        { State: CampaignState.Completed or CampaignState.Failed } => last with { UpdatedUtc = now },
        _ => last with { State = CampaignState.Offline, UpdatedUtc = now },
    };

    /// <summary>Same as <see cref="StopAsync"/> with the defaults; releases the connection when never started.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _lifecycle, 2, 0) == 0)
        {
            _commands.Complete();
        }
        else
        {
            await StopAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    /// <summary>Starts a connection attempt. libmosquitto retries by itself only once a first TCP connect
    /// has succeeded (until then its network thread waits); so while the broker has never been reached
    /// the drain task repeats the attempt with the configured back-off (<see cref="RetryConnectIfDue"/>).</summary>
    private void TryConnect(MosquittoClient client)
    {
        var rc = client.BeginConnect(_options.Host, _options.Port, _options.KeepAliveSeconds);
        int failures;
        lock (_gate)
        {
            if (rc == MosquittoError.Success)
            {
                _connectPending = false;
                _connectFailures = 0;
                return;
            }

            _connectPending = true;
            failures = ++_connectFailures;
            var delay = Math.Min(
                _options.ReconnectDelayMaxSeconds,
                _options.ReconnectDelaySeconds * Math.Pow(2, Math.Min(failures - 1, 16)));
            _nextConnectAttempt = _time.GetUtcNow() + TimeSpan.FromSeconds(delay);
        }

        if (failures == 1)
        {
            _log.LogWarning(
                "MQTT broker {Host}:{Port} not reachable ({Error}); retrying in the background",
                _options.Host, _options.Port, MosquittoException.Describe((int)rc));
        }
    }

    private void RetryConnectIfDue()
    {
        lock (_gate)
        {
            if (!_connectPending || _time.GetUtcNow() < _nextConnectAttempt)
                return;
        }

        TryConnect(_client!);
    }

    private void Signal()
    {
        if (_wake.CurrentCount != 0)
            return;
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another thread signalled first: one wake-up is enough.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task DrainLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                MarkAcknowledged();
                RestartLoopIfDead();
                RetryConnectIfDue();
                PublishStatusIfDirty();
                FlushAlarms();
                DrainOutbox();
            }
            catch (Exception ex)
            {
                _log.LogError(ex, "MQTT drain failed; retrying in {Interval}", PollInterval);
            }

            try
            {
                await _wake.WaitAsync(PollInterval, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Marks acknowledged outbox ids (store writes stay off libmosquitto's thread). A failing
    /// store leaves the id queued for the next pass.</summary>
    private void MarkAcknowledged()
    {
        while (_acked.TryPeek(out var id))
        {
            _outbox.MarkPublished(id);
            _acked.TryDequeue(out _);
        }
    }

    private void PublishStatusIfDirty()
    {
        lock (_gate)
        {
            if (!_connected || !_statusDirty)
                return;
            var payload = _statusPayload ?? MqttJson.Serialize(
                new StatusMessage(CampaignState.Starting, null, 0, 0, null, 0, null, null, null, _time.GetUtcNow()));
            _client!.TryPublish(_statusTopic, payload, QosAtLeastOnce, retain: true, out var mid);
            _window.AddOther(mid, InFlightWindow.Kind.Status);
            _statusDirty = false;
        }
    }

    private void FlushAlarms()
    {
        lock (_gate)
        {
            while (_connected && _alarms.Count > 0)
            {
                var payload = _alarms.Dequeue();
                _client!.TryPublish(_alarmTopic, payload, QosAtLeastOnce, retain: false, out var mid);
                _window.AddOther(mid, InFlightWindow.Kind.Alarm);
            }
        }
    }

    private void DrainOutbox()
    {
        while (true)
        {
            int free, skip;
            long cursor;
            lock (_gate)
            {
                if (!_connected)
                    return;
                free = _window.Free;
                skip = _window.Events + _window.Refused + _acked.Count;
                cursor = _window.Cursor;
            }

            if (free == 0)
                return;
            var batch = _outbox.Pending(skip + free);
            var sent = 0;
            foreach (var message in batch)
            {
                if (message.Id <= cursor)
                    continue;
                lock (_gate)
                {
                    if (!_connected || _window.Free == 0)
                        return;
                    try
                    {
                        _client!.TryPublish(_root + message.Topic, message.Payload, QosAtLeastOnce, retain: false, out var mid);
                        _window.AddEvent(mid, message.Id);
                    }
                    catch (MosquittoException ex)
                    {
                        _window.Refuse(message.Id);
                        _log.LogError(
                            ex, "Outbox message {Id} to '{Topic}' cannot be published; it stays in the outbox",
                            message.Id, _root + message.Topic);
                    }
                }

                cursor = message.Id;
                sent++;
            }

            if (sent == 0 || batch.Count < skip + free)
                return;
        }
    }

    /// <summary>libmosquitto's network thread ends for good after a refused CONNACK (bad credentials,
    /// not authorised); restart it after the longest reconnect delay so a fixed broker is picked up.</summary>
    private void RestartLoopIfDead()
    {
        MosquittoClient client;
        lock (_gate)
        {
            if (!_loopDied || _time.GetUtcNow() - _loopDiedAt < TimeSpan.FromSeconds(_options.ReconnectDelayMaxSeconds))
                return;
            client = _client!;
        }

        client.Disconnect();
        client.StopLoop();
        lock (_gate)
            _loopDied = false;
        TryConnect(client);
        client.StartLoop();
    }

    private void OnConnected(int reasonCode)
    {
        if (reasonCode != 0)
        {
            lock (_gate)
            {
                _loopDied = true;
                _loopDiedAt = _time.GetUtcNow();
            }

            _log.LogError(
                "MQTT broker {Host}:{Port} refused the connection: {Reason} (reason code 0x{Code:x2}); retrying in {Delay} s",
                _options.Host, _options.Port, MosquittoException.DescribeReason(reasonCode), reasonCode,
                _options.ReconnectDelayMaxSeconds);
            return;
        }

        lock (_gate)
        {
            _connected = true;
            _loopDied = false;
            _statusDirty = true;
            _client!.Subscribe(_commandFilter, QosAtLeastOnce);
        }

        _log.LogInformation("MQTT connected to {Host}:{Port} as {ClientId}", _options.Host, _options.Port, _options.EffectiveClientId);
        Signal();
    }

    private void OnDisconnected(int rc)
    {
        lock (_gate)
            _connected = false;
        if (rc == 0)
            _log.LogInformation("MQTT disconnected");
        else
            _log.LogWarning("MQTT connection lost: {Error}; reconnecting in the background", MosquittoException.Describe(rc));
    }

    private void OnPublished(int mid, int reasonCode)
    {
        var refused = reasonCode >= ReasonRefused;
        lock (_gate)
        {
            if (!_window.TryComplete(mid, refused, out var kind, out var outboxId))
                return;
            if (kind == InFlightWindow.Kind.Event && !refused)
                _acked.Enqueue(outboxId);
            if (mid == _finalStatusMid)
                _finalStatusAck?.TrySetResult();
            if (refused)
            {
                _log.LogError(
                    "MQTT broker refused a {Kind} publish (outbox id {Id}): {Reason} (0x{Code:x2}); it stays in the outbox",
                    kind, outboxId, MosquittoException.DescribeReason(reasonCode), reasonCode);
            }
        }

        Signal();
    }

    private void OnMessage(MosquittoMessage message)
    {
        var command = _commands.Handle(message, out var alarm);
        if (command is not null)
        {
            _log.LogInformation("MQTT command {Kind} received (campaign {CampaignId}, reason {Reason})",
                command.Kind, command.CampaignId, command.Reason);
        }
        else if (alarm is not null)
        {
            _log.LogWarning("MQTT command refused: {Problem}", alarm.Message);
            PublishAlarm(alarm);
        }
    }
}
