using Xunit;
using EdgeCtl.Service.Mqtt;
using Xunit.Abstractions;

namespace EdgeCtl.Service.Tests;

/// <summary>A broker outage: the broker process is stopped and started again on the same port
/// (own broker: this class restarts it).</summary>
public sealed class MqttOutageTests(MqttBroker broker, ITestOutputHelper output) : IClassFixture<MqttBroker>
{
    private static EventMessage Event(long id) =>
        new(id, "c-7", (int)id, "edx", id, "r1", [0.5, 0.5], [0.05, 0.05], null, null, id, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Events_enqueued_while_the_broker_is_down_are_delivered_after_it_returns()
    {
        var options = new MqttOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            Username = broker.Username,
            Password = broker.Password,
            InstrumentId = "stem-outage",
            MaxInFlight = 16,
            ReconnectDelaySeconds = 1,
            ReconnectDelayMaxSeconds = 2,
        };
        var outbox = new MqttListOutbox();
        await using var publisher = new MqttPublisher(options, outbox, new MqttTestLogger<MqttPublisher>(output));

        using (var watcher = MqttTestClient.Monitor(broker))
        {
            Assert.Equal(0, await watcher.ConnectAsync(broker));
            await watcher.SubscribeAsync(options.TopicRoot + "event");
            publisher.Start();
            publisher.PublishStatus(new StatusMessage(CampaignState.Running, "c-7", 20, 60, "r1", 20, null, "blob", null, DateTimeOffset.UnixEpoch));
            for (var i = 0; i < 20; i++)
                outbox.Enqueue("event", id => MqttJson.Serialize(Event(id)));
            publisher.Notify();
            for (var i = 1; i <= 20; i++)
                Assert.Equal(i, MqttJson.DeserializeEvent((await watcher.NextAsync()).Payload)!.EventId);
            await outbox.WaitPublishedAsync(20);
        }

        broker.Stop();
        var end = DateTime.UtcNow + MqttTestClient.Deadline;
        while (publisher.IsConnected && DateTime.UtcNow < end)
            await Task.Delay(20);
        Assert.False(publisher.IsConnected);

        for (var i = 0; i < 40; i++)
        {
            outbox.Enqueue("event", id => MqttJson.Serialize(Event(id)));
            publisher.Notify();
        }

        // No broker, no PUBACK: nothing new can have been marked.
        Assert.Equal(20, outbox.PublishedCount);

        // Hold the outbox (a slow store) until the observer has subscribed to the restarted broker.
        outbox.Gate.Reset();
        try
        {
            broker.Start();
            using var watcher = MqttTestClient.Monitor(broker);
            Assert.Equal(0, await watcher.ConnectAsync(broker));
            await watcher.SubscribeAsync(options.TopicRoot + "#");

            // The restarted broker (no persistence) lost the retained status; the publisher re-sent it.
            var status = await watcher.NextAsync(m => m.Topic == options.TopicRoot + "status");
            Assert.Equal(CampaignState.Running, MqttJson.DeserializeStatus(status.Payload)!.State);

            outbox.Gate.Set();
            publisher.Notify();
            for (var i = 21; i <= 60; i++)
            {
                var message = await watcher.NextAsync(m => m.Topic == options.TopicRoot + "event");
                Assert.Equal(i, MqttJson.DeserializeEvent(message.Payload)!.EventId);
            }

            await outbox.WaitPublishedAsync(60);
            Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), outbox.MarkOrder.Order());
        }
        finally
        {
            outbox.Gate.Set();
        }
    }
}
