using EdgeCtl.Service.Configuration;
using EdgeCtl.Service.Mqtt;
using EdgeCtl.Service.Reporting;
using EdgeCtl.Service.Store;
using EdgeCtl.Service.Systemd;
using Microsoft.Extensions.Logging;
using StatusState = EdgeCtl.Service.Mqtt.CampaignState;

namespace EdgeCtl.Service.Campaign;

/// <summary>
/// Everything the campaign tells the outside world and hears from it: retained status and events
/// over MQTT (events go through the store's outbox, so they are on disk before they leave),
/// alarms, the terminal progress, systemd status and watchdog, operator commands (pause, resume,
/// abort) and the safety interlock. A broker outage never stops the campaign.
/// </summary>
public sealed class CampaignTelemetry : IAsyncDisposable
{
    private readonly MqttPublisher? _mqtt;
    private readonly CampaignStore _store;
    private readonly string _campaignId;
    private readonly int _planned;
    private readonly string _detector;
    private readonly InstrumentSession _instrument;
    private readonly SystemdNotifier _systemd;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _watchdogStop = new();
    private readonly Task _watchdog;
    private double _lastMeanSigma = double.NaN;

    private CampaignTelemetry(MqttPublisher? mqtt, CampaignStore store, string campaignId, int planned, string detector,
        InstrumentSession instrument, SystemdNotifier systemd, ILogger log)
    {
        _mqtt = mqtt;
        _store = store;
        _campaignId = campaignId;
        _planned = planned;
        _detector = detector;
        _instrument = instrument;
        _systemd = systemd;
        _log = log;
        _watchdog = systemd.WatchdogInterval is { } every ? PingAsync(every, _watchdogStop.Token) : Task.CompletedTask;
    }

    /// <summary>Terminal progress, when shown.</summary>
    public CampaignProgress? Progress { get; set; }

    /// <summary>Connects to the broker in the background (never blocks on it) and starts the systemd watchdog.</summary>
    public static Task<CampaignTelemetry> StartAsync(MqttSettings settings, CampaignStore store, string campaignId, int planned,
        string detector, InstrumentSession instrument, SystemdNotifier systemd, ILoggerFactory loggers)
    {
        MqttPublisher? mqtt = null;
        if (settings.Enabled)
        {
            var options = settings.ToMqttOptions();
            options.ThrowIfInvalid();
            mqtt = new MqttPublisher(options, new StoreOutbox(store), loggers.CreateLogger<MqttPublisher>());
            mqtt.Start();
        }
        var t = new CampaignTelemetry(mqtt, store, campaignId, planned, detector, instrument, systemd, loggers.CreateLogger<CampaignTelemetry>());
        return Task.FromResult(t);
    }

    /// <summary>Publishes the retained status and updates the progress line.</summary>
    public void Status(CampaignState state, string? note, StatusState kind = StatusState.Running)
    {
        if (state.Metrics.Count > 0) _lastMeanSigma = state.Metrics[^1].MeanSigma;
        double t = _instrument.InstrumentSeconds;
        _mqtt?.PublishStatus(new StatusMessage(kind, _campaignId, state.Iteration, _planned, RegionName(state.CurrentRegion), t,
            double.IsNaN(_lastMeanSigma) ? null : _lastMeanSigma, _detector, note is not null && kind != StatusState.Running ? note : state.LastError,
            DateTimeOffset.UtcNow));
        var last = state.Metrics.Count > 0 ? state.Metrics[^1] : null;
        Progress?.Update(state.Iteration, state.CurrentRegion, last?.InstrumentSeconds ?? 0, last?.MeanSigma ?? double.NaN, last?.AbsError, note);
        _systemd.Status($"{kind.ToString().ToLowerInvariant()}: iteration {state.Iteration}/{_planned}, region {state.CurrentRegion}");
    }

    /// <summary>The outbox event of a region visit (kind <c>region</c>).</summary>
    public OutgoingMessage RegionEvent(CampaignState state, RegionVisitRecord visit, int particles, bool revisit)
    {
        string campaign = _campaignId;
        int iteration = state.Iteration;
        string region = RegionName(visit.RegionIndex);
        return new OutgoingMessage("event", id => MqttJson.Serialize(new EventMessage(id, campaign, iteration, revisit ? "region-revisit" : "region",
            null, region, null, null, null, null, visit.InstrumentSeconds, DateTimeOffset.UtcNow)));
    }

    /// <summary>The outbox event of an EELS measurement (kind <c>eels</c>).</summary>
    public OutgoingMessage MeasurementEvent(CampaignState state, SurveyedParticle particle, MeasurementRecord m, IterationMetricsRecord metrics)
    {
        string campaign = _campaignId;
        string region = RegionName(particle.RegionIndex);
        var p = particle.Record;
        return new OutgoingMessage("event", id => MqttJson.Serialize(new EventMessage(id, campaign, m.Iteration, "eels", p.Id, region,
            p.Composition, p.Sigma, m.Target, m.TargetSigma, m.InstrumentSeconds, DateTimeOffset.UtcNow)));
    }

    /// <summary>Wakes the publisher after the store enqueued messages.</summary>
    public void Published() => _mqtt?.Notify();

    /// <summary>Raises an alarm (MQTT <c>alarm</c>, log).</summary>
    public void Alarm(CampaignState? state, string message)
    {
        _log.LogError("{Alarm}", message);
        if (state is not null) state.LastError = message;
        _mqtt?.PublishAlarm(new AlarmMessage("error", "campaign", message, _campaignId, DateTimeOffset.UtcNow));
    }

    /// <summary>
    /// Handles operator commands between actions: <c>pause</c> waits here until <c>resume</c> or
    /// <c>abort</c>. Returns <see cref="CampaignCommandKind.Abort"/> when the campaign must end.
    /// </summary>
    public async Task<CampaignCommandKind?> WaitWhilePausedAsync(CampaignState state, CancellationToken ct)
    {
        if (_mqtt is null) return null;
        bool paused = false;
        while (true)
        {
            while (_mqtt.Commands.TryRead(out var cmd))
            {
                if (cmd.CampaignId is { } target && target != _campaignId)
                {
                    Alarm(null, $"command {cmd.Kind} for campaign '{target}' ignored: this is campaign '{_campaignId}'");
                    continue;
                }
                switch (cmd.Kind)
                {
                    case CampaignCommandKind.Abort:
                        _log.LogWarning("Abort requested over MQTT: {Reason}", cmd.Reason);
                        Status(state, $"aborting: {cmd.Reason}", StatusState.Aborting);
                        return CampaignCommandKind.Abort;
                    case CampaignCommandKind.Pause:
                        paused = true;
                        Status(state, $"paused: {cmd.Reason}", StatusState.Paused);
                        break;
                    case CampaignCommandKind.Resume:
                        if (paused) Status(state, "resumed");
                        paused = false;
                        break;
                    case CampaignCommandKind.Start:
                        Alarm(null, $"start ignored: campaign '{_campaignId}' is already running");
                        break;
                }
            }
            if (!paused) return null;
            await _mqtt.Commands.WaitToReadAsync(ct);
        }
    }

    /// <summary>Waits while the interlock line is open (acquisitions must not start); alarms once.</summary>
    public async Task WaitForInterlockAsync(CampaignState state, CancellationToken ct)
    {
        if (_instrument.InterlockOk) return;
        Alarm(state, "interlock open: acquisitions paused until interlock_ok returns");
        Status(state, "interlock open", StatusState.Paused);
        while (!_instrument.InterlockOk) await Task.Delay(200, ct);
        state.LastError = null;
        Status(state, "interlock closed, resuming");
    }

    /// <summary>Flushes the outbox (bounded wait), publishes the final status and disconnects cleanly (no Last Will).</summary>
    public async Task StopAsync(CampaignState? state, string final)
    {
        await _watchdogStop.CancelAsync();
        await _watchdog;
        if (_mqtt is null) return;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_mqtt.IsConnected && _store.PendingMessages(1).Count > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        var kind = final switch
        {
            "completed" or "exhausted" => StatusState.Completed,
            "aborted" => StatusState.Aborting,
            "stopped" => StatusState.Paused,
            _ => StatusState.Failed,
        };
        await _mqtt.StopAsync(new StatusMessage(kind, _campaignId, state?.Iteration ?? 0, _planned,
            state is null ? null : RegionName(state.CurrentRegion), _instrument.InstrumentSeconds,
            double.IsNaN(_lastMeanSigma) ? null : _lastMeanSigma, _detector, state?.LastError ?? final, DateTimeOffset.UtcNow));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _watchdogStop.Cancel();
        await _watchdog;
        if (_mqtt is not null) await _mqtt.DisposeAsync();
        _watchdogStop.Dispose();
    }

    private static string RegionName(int region) => region < 0 ? "none" : region.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task PingAsync(TimeSpan every, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(every);
        try { while (await timer.WaitForNextTickAsync(ct)) _systemd.Watchdog(); }
        catch (OperationCanceledException) { }
    }

    /// <summary>The campaign store as the publisher's durable outbox.</summary>
    private sealed class StoreOutbox(CampaignStore store) : IOutbox
    {
        public IReadOnlyList<OutboxMessage> Pending(int max)
        {
            var stored = store.PendingMessages(max);
            var list = new List<OutboxMessage>(stored.Count);
            foreach (var m in stored) list.Add(new OutboxMessage(m.Id, m.Topic, m.Payload));
            return list;
        }

        public void MarkPublished(long id) => store.MarkPublished(id);
    }
}
