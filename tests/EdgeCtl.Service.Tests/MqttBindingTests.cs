using Xunit;
using System.Text;
using EdgeCtl.Service.Mqtt;

namespace EdgeCtl.Service.Tests;

/// <summary>The libmosquitto binding against a real broker (scripts/mosquitto.sh).</summary>
[Collection(MqttBrokerCollection.Name)]
public sealed class MqttBindingTests(MqttBroker broker)
{
    private static string Root() => $"edgectl/t{Guid.NewGuid():N}"[..24] + "/";

    [Fact]
    public void Library_is_libmosquitto_2()
    {
        var (major, _, _) = MosquittoLibrary.Version;
        Assert.Equal(2, major);
    }

    [Fact]
    public async Task Status_published_retained_is_delivered_to_a_later_subscriber()
    {
        var topic = Root() + "status";
        using (var writer = new MqttTestClient(broker.Username, broker.Password))
        {
            Assert.Equal(0, await writer.ConnectAsync(broker));
            var reason = await writer.PublishAsync(topic, "{\"state\":\"running\"}", retain: true);
            Assert.True(reason < 0x80, $"PUBACK reason 0x{reason:x2}");
            writer.Client.Disconnect();
        }

        using var reader = MqttTestClient.Monitor(broker);
        Assert.Equal(0, await reader.ConnectAsync(broker));
        Assert.Equal(1, await reader.SubscribeAsync(topic));
        var message = await reader.NextAsync();
        Assert.Equal(topic, message.Topic);
        Assert.True(message.Retain);
        Assert.Equal("{\"state\":\"running\"}", Encoding.UTF8.GetString(message.Payload));
    }

    [Fact]
    public async Task Will_fires_when_the_client_is_destroyed_without_disconnect()
    {
        var topic = Root() + "status";
        using var watcher = MqttTestClient.Monitor(broker);
        Assert.Equal(0, await watcher.ConnectAsync(broker));
        await watcher.SubscribeAsync(topic);

        // A client driven by Loop() on this thread: Dispose destroys it without DISCONNECT.
        var connack = -1;
        var doomed = new MosquittoClient("will-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            doomed.SetCredentials(broker.Username, broker.Password);
            doomed.SetWill(topic, "{\"state\":\"offline\"}"u8, 1, retain: true);
            doomed.Connected += rc => connack = rc;
            doomed.Connect(broker.Host, broker.Port, 30);
            var end = DateTime.UtcNow + MqttTestClient.Deadline;
            while (connack < 0 && DateTime.UtcNow < end)
                Assert.Equal(MosquittoError.Success, doomed.Loop(100));
            Assert.Equal(0, connack);
        }
        finally
        {
            doomed.Dispose();
        }

        var will = await watcher.NextAsync(m => m.Topic == topic);
        Assert.Equal("{\"state\":\"offline\"}", Encoding.UTF8.GetString(will.Payload));
    }

    [Fact]
    public async Task Unauthenticated_and_wrong_password_clients_are_refused()
    {
        using var anonymous = new MqttTestClient(null, null);
        var rc = await anonymous.ConnectAsync(broker);
        Assert.True(rc >= 0x80, $"anonymous CONNACK reason 0x{rc:x2}, expected a refusal");

        using var wrong = new MqttTestClient(broker.Username, "not-the-password");
        rc = await wrong.ConnectAsync(broker);
        Assert.True(rc is 0x86 or 0x87, $"wrong-password CONNACK reason 0x{rc:x2}"); // Bad User Name or Password / Not authorized (mosquitto 2.0.11: 0x87)
    }

    [Fact]
    public async Task Monitor_user_may_command_but_not_publish_status()
    {
        var root = Root();
        using var monitor = MqttTestClient.Monitor(broker);
        Assert.Equal(0, await monitor.ConnectAsync(broker));

        Assert.Equal(0x87, await monitor.PublishAsync(root + "status", "{\"state\":\"running\"}", retain: true));
        Assert.Equal(0x87, await monitor.PublishAsync(root + "event", "{}"));
        var allowed = await monitor.PublishAsync(root + "cmd/pause", "{}");
        Assert.True(allowed is 0x00 or 0x10, $"cmd publish PUBACK reason 0x{allowed:x2}"); // 0x10: no subscribers

        // The refused retained status never reached the topic: a reader finds no retained message,
        // and the next message it sees is the marker published after subscribing.
        using var edgectl = new MqttTestClient(broker.Username, broker.Password);
        Assert.Equal(0, await edgectl.ConnectAsync(broker));
        await edgectl.SubscribeAsync(root + "#");
        await edgectl.PublishAsync(root + "marker", "after");
        var first = await edgectl.NextAsync();
        Assert.Equal(root + "marker", first.Topic);
    }

    [Fact]
    public void Errors_carry_the_mosquitto_strerror_text()
    {
        using var client = new MosquittoClient("err-" + Guid.NewGuid().ToString("N")[..8]);
        var ex = Assert.Throws<MosquittoException>(() => client.Publish("edgectl/x/#", "{}"u8, 1, false));
        Assert.Equal(MosquittoError.Inval, ex.Error);
        Assert.Contains("Invalid", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("mosquitto_publish", ex.Message);

        ex = Assert.Throws<MosquittoException>(() => client.Subscribe("edgectl/#", 1));
        Assert.Equal(MosquittoError.NoConn, ex.Error);
        Assert.Contains("connected", ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}
