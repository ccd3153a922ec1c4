using Xunit;
using System.Runtime.InteropServices;
using System.Text;
using EdgeCtl.Service.Mqtt;
using Xunit.Abstractions;

namespace EdgeCtl.Service.Tests;

/// <summary>MqttPublisher against a real broker, observed by a second client with the monitor account.</summary>
[Collection(MqttBrokerCollection.Name)]
public sealed partial class MqttPublisherTests(MqttBroker broker, ITestOutputHelper output)
{
    private MqttOptions Options(string? username = null, string? password = null, int maxInFlight = 8) => new()
    {
        Host = broker.Host,
        Port = broker.Port,
        Username = username ?? broker.Username,
        Password = password ?? broker.Password,
        InstrumentId = "stem-" + Guid.NewGuid().ToString("N")[..10],
        KeepAliveSeconds = 10,
        MaxInFlight = maxInFlight,
        ReconnectDelaySeconds = 1,
        ReconnectDelayMaxSeconds = 2,
    };

    private MqttPublisher Publisher(MqttOptions options, IOutbox outbox) =>
        new(options, outbox, new MqttTestLogger<MqttPublisher>(output));

    private static StatusMessage Status(CampaignState state, int iteration) =>
        new(state, "c-42", iteration, 150, "r3", 12.5 * iteration, 0.031, "sam", null, DateTimeOffset.UnixEpoch.AddSeconds(iteration));

    private static EventMessage Event(long id) =>
        new(id, "c-42", (int)id, "eels", 1000 + id, "r3", [0.25, 0.75], [0.01, 0.02], 3.5 + id, 0.1, 10.0 * id, DateTimeOffset.UnixEpoch.AddSeconds(id));

    [Fact]
    public async Task Status_is_retained_and_seen_by_a_later_subscriber()
    {
        var options = Options();
        await using var publisher = Publisher(options, new MqttListOutbox());
        using var live = MqttTestClient.Monitor(broker);
        Assert.Equal(0, await live.ConnectAsync(broker));
        await live.SubscribeAsync(options.TopicRoot + "status");

        publisher.Start();
        publisher.PublishStatus(Status(CampaignState.Running, 7));
        await live.NextAsync(m => MqttJson.DeserializeStatus(m.Payload)!.State == CampaignState.Running);

        var retained = await MqttTestClient.FirstSeenByNewSubscriberAsync(broker, options.TopicRoot + "status");
        Assert.True(retained.Retain);
        Assert.Equal(Status(CampaignState.Running, 7), MqttJson.DeserializeStatus(retained.Payload));
        var json = Encoding.UTF8.GetString(retained.Payload);
        Assert.Contains("\"state\":\"running\"", json);
        Assert.Contains("\"campaign_id\":\"c-42\"", json);
        Assert.Contains("\"iterations_planned\":150", json);
        Assert.Contains("\"mean_sigma\":0.031", json);
    }

    [Fact]
    public async Task Will_fires_on_connection_loss_and_status_is_restored_after_reconnect()
    {
        var options = Options();
        await using var publisher = Publisher(options, new MqttListOutbox());
        using var watcher = MqttTestClient.Monitor(broker);
        Assert.Equal(0, await watcher.ConnectAsync(broker));
        await watcher.SubscribeAsync(options.TopicRoot + "status");

        publisher.Start();
        publisher.PublishStatus(Status(CampaignState.Running, 3));
        await watcher.NextAsync(m => MqttJson.DeserializeStatus(m.Payload)!.State == CampaignState.Running);

        // Cut the TCP connection under libmosquitto: no DISCONNECT reaches the broker.
        Assert.Equal(0, Shutdown(publisher.Client!.Socket, 2 /* SHUT_RDWR */));

        var will = MqttJson.DeserializeStatus((await watcher.NextAsync()).Payload)!;
        Assert.Equal(CampaignState.Offline, will.State);
        Assert.Contains("Last Will", will.LastError);

        var restored = MqttJson.DeserializeStatus((await watcher.NextAsync()).Payload)!;
        Assert.Equal(Status(CampaignState.Running, 3), restored);
    }

    [Fact]
    public async Task Clean_stop_publishes_the_final_status_and_the_will_does_not_fire()
    {
        var options = Options();
        var publisher = Publisher(options, new MqttListOutbox());
        using var watcher = MqttTestClient.Monitor(broker);
        Assert.Equal(0, await watcher.ConnectAsync(broker));
        await watcher.SubscribeAsync(options.TopicRoot + "status");
        publisher.Start();
        publisher.PublishStatus(Status(CampaignState.Running, 149));
        await watcher.NextAsync(m => MqttJson.DeserializeStatus(m.Payload)!.State == CampaignState.Running);

        await publisher.StopAsync(Status(CampaignState.Completed, 150));
        await publisher.DisposeAsync();
        Assert.False(publisher.IsConnected);

        var final = MqttJson.DeserializeStatus((await watcher.NextAsync()).Payload)!;
        Assert.Equal(CampaignState.Completed, final.State);

        // The broker saw a DISCONNECT ("disconnected."), not a dropped socket ("closed its connection").
        var id = options.EffectiveClientId;
        var end = DateTime.UtcNow + MqttTestClient.Deadline;
        while (!broker.Log.Contains($"Client {id} disconnected.") && DateTime.UtcNow < end)
            await Task.Delay(50);
        Assert.Contains($"Client {id} disconnected.", broker.Log);
        Assert.DoesNotContain($"Client {id} closed its connection", broker.Log);

        var retained = await MqttTestClient.FirstSeenByNewSubscriberAsync(broker, options.TopicRoot + "status");
        Assert.True(retained.Retain);
        Assert.Equal(CampaignState.Completed, MqttJson.DeserializeStatus(retained.Payload)!.State);
    }

    [Fact]
    public async Task Outbox_events_arrive_exactly_once_in_order_and_are_all_marked()
    {
        const int count = 300;
        var options = Options(maxInFlight: 8);
        var outbox = new MqttListOutbox();
        for (var i = 0; i < count / 2; i++)
            outbox.Enqueue("event", id => MqttJson.Serialize(Event(id)));

        using var watcher = MqttTestClient.Monitor(broker);
        Assert.Equal(0, await watcher.ConnectAsync(broker));
        await watcher.SubscribeAsync(options.TopicRoot + "event");

        await using var publisher = Publisher(options, outbox);
        publisher.Start();
        for (var i = count / 2; i < count; i++)
        {
            outbox.Enqueue("event", id => MqttJson.Serialize(Event(id)));
            publisher.Notify();
        }

        var received = new List<MosquittoMessage>();
        while (received.Count < count)
            received.Add(await watcher.NextAsync());
        await outbox.WaitPublishedAsync(count);
        await publisher.StopAsync();

        Assert.Equal(
            Enumerable.Range(1, count).Select(i => (long)i),
            received.Select(m => MqttJson.DeserializeEvent(m.Payload)!.EventId));
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(1, received[i].Qos);
            Assert.Equal(MqttJson.Serialize(Event(i + 1)), received[i].Payload);
        }

        var json = Encoding.UTF8.GetString(received[16].Payload);
        Assert.Contains("\"event_id\":17", json);
        Assert.Contains("\"composition\":[0.25,0.75]", json);
        Assert.Contains("\"particle_id\":1017", json);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), outbox.MarkOrder.Order());
        Assert.Empty(watcher.Drain());
    }

    [Fact]
    public async Task Events_the_broker_refuses_are_never_marked_and_stop_the_drain()
    {
        // The monitor account may not write edgectl/+/event: the broker answers PUBACK 0x87.
        var options = Options(broker.MonitorUsername, broker.MonitorPassword, maxInFlight: 4);
        var outbox = new MqttListOutbox();
        for (var i = 0; i < 10; i++)
            outbox.Enqueue("event", id => MqttJson.Serialize(Event(id)));

        await using var publisher = Publisher(options, outbox);
        publisher.Start();
        var end = DateTime.UtcNow + MqttTestClient.Deadline;
        while (publisher.RefusedEvents < 4 && DateTime.UtcNow < end)
            await Task.Delay(20);

        Assert.Equal(4, publisher.RefusedEvents);
        Assert.Empty(outbox.MarkOrder);
        Assert.Equal(10, outbox.Pending(100).Count);
    }

    [Fact]
    public async Task Metrics_and_alarms_are_published_under_the_root()
    {
        var options = Options();
        using var watcher = MqttTestClient.Monitor(broker);
        Assert.Equal(0, await watcher.ConnectAsync(broker));
        await watcher.SubscribeAsync(options.TopicRoot + "#");

        await using var publisher = Publisher(options, new MqttListOutbox());
        Assert.False(publisher.PublishMetrics(new MetricsMessage("c-42", 1, new Dictionary<string, double>(), DateTimeOffset.UnixEpoch)));
        publisher.PublishAlarm(new AlarmMessage("error", "stage_fault", "stage axis 1 reports error 5", "c-42", DateTimeOffset.UnixEpoch));
        publisher.Start();

        var alarm = await watcher.NextAsync(m => m.Topic == options.TopicRoot + "alarm");
        Assert.False(alarm.Retain);
        Assert.Equal("stage_fault", MqttJson.DeserializeAlarm(alarm.Payload)!.Code);

        // Alarms are flushed only while connected, so the publisher is connected now.
        Assert.True(publisher.IsConnected);
        Assert.True(publisher.PublishMetrics(new MetricsMessage(
            "c-42", 99.5, new Dictionary<string, double> { ["outbox_pending"] = 3 }, DateTimeOffset.UnixEpoch)));
        var metrics = await watcher.NextAsync(m => m.Topic == options.TopicRoot + "metrics");
        Assert.Equal(0, metrics.Qos);
        Assert.Contains("\"values\":{\"outbox_pending\":3}", Encoding.UTF8.GetString(metrics.Payload));
        Assert.Contains("\"instrument_seconds\":99.5", Encoding.UTF8.GetString(metrics.Payload));
    }

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    private static partial int Shutdown(int fd, int how);
}
