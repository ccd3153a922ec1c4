using Xunit;
using System.Text;
using EdgeCtl.Service.Mqtt;
using Xunit.Abstractions;

namespace EdgeCtl.Service.Tests;

/// <summary>Commands sent by the monitor account through the real broker reach the runner's channel;
/// bad ones come back as alarms.</summary>
[Collection(MqttBrokerCollection.Name)]
public sealed class MqttCommandTests(MqttBroker broker, ITestOutputHelper output)
{
    private async Task<(MqttPublisher Publisher, MqttTestClient Operator, string Root)> StartAsync()
    {
        var options = new MqttOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            Username = broker.Username,
            Password = broker.Password,
            InstrumentId = "stem-" + Guid.NewGuid().ToString("N")[..10],
            ReconnectDelayMaxSeconds = 2,
        };
        var op = MqttTestClient.Monitor(broker);
        Assert.Equal(0, await op.ConnectAsync(broker));
        await op.SubscribeAsync(options.TopicRoot + "#");
        var publisher = new MqttPublisher(options, new MqttListOutbox(), new MqttTestLogger<MqttPublisher>(output));
        publisher.Start();
        // The publisher subscribes to cmd/# before it publishes its first status.
        await op.NextAsync(m => m.Topic == options.TopicRoot + "status");
        return (publisher, op, options.TopicRoot);
    }

    [Fact]
    public async Task A_valid_pause_reaches_the_command_channel()
    {
        var (publisher, op, root) = await StartAsync();
        await using (publisher)
        using (op)
        {
            await op.PublishAsync(root + "cmd/pause", "{\"campaign_id\":\"c-42\",\"reason\":\"sample drift\"}");
            await op.PublishAsync(root + "cmd/resume", "");

            using var cts = new CancellationTokenSource(MqttTestClient.Deadline);
            var pause = await publisher.Commands.ReadAsync(cts.Token);
            Assert.Equal(CampaignCommandKind.Pause, pause.Kind);
            Assert.Equal("c-42", pause.CampaignId);
            Assert.Equal("sample drift", pause.Reason);
            var resume = await publisher.Commands.ReadAsync(cts.Token);
            Assert.Equal(CampaignCommandKind.Resume, resume.Kind);
            Assert.Null(resume.CampaignId);
        }
    }

    [Theory]
    [InlineData("cmd/pause", "{\"campaign_id\":", "malformed JSON")]
    [InlineData("cmd/pause", "{\"campaign\":\"c-42\"}", "malformed JSON")]
    [InlineData("cmd/explode", "{}", "unknown command 'explode'")]
    [InlineData("cmd/abort/now", "{}", "unknown command 'abort/now'")]
    public async Task A_bad_command_produces_an_alarm_naming_the_problem(string suffix, string payload, string problem)
    {
        var (publisher, op, root) = await StartAsync();
        await using (publisher)
        using (op)
        {
            await op.PublishAsync(root + suffix, payload);
            var alarmMessage = await op.NextAsync(m => m.Topic == root + "alarm");
            var alarm = MqttJson.DeserializeAlarm(alarmMessage.Payload)!;
            Assert.Equal("command_rejected", alarm.Code);
            Assert.Contains(problem, alarm.Message);
            Assert.Contains(root + suffix, alarm.Message);

            // Nothing reached the runner: a valid command sent afterwards is the first one read.
            await op.PublishAsync(root + "cmd/abort", "{}");
            using var cts = new CancellationTokenSource(MqttTestClient.Deadline);
            Assert.Equal(CampaignCommandKind.Abort, (await publisher.Commands.ReadAsync(cts.Token)).Kind);
        }
    }

    [Fact]
    public void Parser_rejects_retained_and_oversized_commands_and_accepts_blank_payloads()
    {
        const string root = "edgectl/stem-1/";
        var now = DateTimeOffset.UnixEpoch;
        Assert.False(CampaignCommandParser.TryParse(root, new MosquittoMessage(root + "cmd/abort", [], 1, Retain: true), now, out _, out var error));
        Assert.Contains("retained", error);

        var longReason = "{\"reason\":\"" + new string('x', 501) + "\"}";
        Assert.False(CampaignCommandParser.TryParse(root, new MosquittoMessage(root + "cmd/abort", Encoding.UTF8.GetBytes(longReason), 1, false), now, out _, out error));
        Assert.Contains("reason", error);

        Assert.False(CampaignCommandParser.TryParse(root, new MosquittoMessage(root + "cmd/start", "null"u8.ToArray(), 1, false), now, out _, out error));
        Assert.Contains("malformed JSON", error);

        Assert.True(CampaignCommandParser.TryParse(root, new MosquittoMessage(root + "cmd/start", " \n"u8.ToArray(), 1, false), now, out var command, out error));
        Assert.Null(error);
        Assert.Equal(new CampaignCommand(CampaignCommandKind.Start, null, null, now), command);
    }
}
