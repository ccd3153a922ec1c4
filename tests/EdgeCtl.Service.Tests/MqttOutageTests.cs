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

    private MqttOptions Options(string instrument, string? username = null, string? password = null) => new()
    {
        Host = broker.Host,
        Port = broker.Port,
        Username = username ?? broker.Username,
        Password = password ?? broker.Password,
        InstrumentId = instrument,
        ReconnectDelaySeconds = 1,
        ReconnectDelayMaxSeconds = 2,
    };

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var end = DateTime.UtcNow + MqttTestClient.Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > end)
                throw new TimeoutException($"gave up waiting until {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_publisher_started_while_the_broker_is_down_connects_when_it_comes_up()
    {
        broker.Stop();
        try
        {
            // Stopping while the broker is still down returns (no DISCONNECT possible, nothing hangs).
            var early = new MqttPublisher(Options("stem-early"), new MqttListOutbox(), new MqttTestLogger<MqttPublisher>(output));
            early.Start();
            Assert.False(early.IsConnected);
            await early.StopAsync().WaitAsync(MqttTestClient.Deadline);
            await early.DisposeAsync();

            var options = Options("stem-late");
            await using var publisher = new MqttPublisher(options, new MqttListOutbox(), new MqttTestLogger<MqttPublisher>(output));
            publisher.Start();
            publisher.PublishStatus(new StatusMessage(CampaignState.Starting, null, 0, 10, null, 0, null, null, null, DateTimeOffset.UnixEpoch));
            Assert.False(publisher.IsConnected);

            broker.Start();
            await WaitUntilAsync(() => publisher.IsConnected, "the publisher connected to the restarted broker");
            // The status queued while the broker was down arrives: live or retained, depending on whether the
            // publisher flushed it before this subscription (IsConnected turns true before the flush).
            using var watcher = MqttTestClient.Monitor(broker);
            Assert.Equal(0, await watcher.ConnectAsync(broker));
            await watcher.SubscribeAsync(options.TopicRoot + "status");
            var status = await watcher.NextAsync();
            Assert.Equal(CampaignState.Starting, MqttJson.DeserializeStatus(status.Payload)!.State);
            // Once it has arrived, the broker holds it retained for any later subscriber.
            var retained = await MqttTestClient.FirstSeenByNewSubscriberAsync(broker, options.TopicRoot + "status");
            Assert.True(retained.Retain);
            Assert.Equal(CampaignState.Starting, MqttJson.DeserializeStatus(retained.Payload)!.State);
        }
        finally
        {
            broker.Start();
        }
    }

    [Fact]
    public async Task A_refused_publisher_keeps_retrying_and_connects_once_its_account_exists()
    {
        var user = "late" + Guid.NewGuid().ToString("N")[..8];
        const string password = "late-password-1";
        await using var publisher = new MqttPublisher(
            Options("stem-refused", user, password), new MqttListOutbox(), new MqttTestLogger<MqttPublisher>(output));
        publisher.Start();

        // Refusals are logged by the broker; wait for one so the account really did not exist yet.
        await WaitUntilAsync(() => broker.Log.Contains("disconnected, not authorised."), "the broker refused the publisher");
        Assert.False(publisher.IsConnected);

        // Create the account and make the running broker reload its password file (SIGHUP, mosquitto(8)).
        var passwd = System.Diagnostics.Process.Start("mosquitto_passwd", ["-b", Path.Combine(broker.Dir, "passwd"), user, password])!;
        await passwd.WaitForExitAsync();
        Assert.Equal(0, passwd.ExitCode);
        var pid = int.Parse(File.ReadAllText(Path.Combine(broker.Dir, "mosquitto.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var hup = System.Diagnostics.Process.Start("kill", ["-HUP", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await hup.WaitForExitAsync();
        Assert.Equal(0, hup.ExitCode);

        await WaitUntilAsync(() => publisher.IsConnected, "the publisher connected with its new account");
    }
}
