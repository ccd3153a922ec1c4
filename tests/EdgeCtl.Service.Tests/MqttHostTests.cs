using Xunit;
using EdgeCtl.Service.Mqtt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeCtl.Service.Tests;

/// <summary>The MQTT registration inside a Generic Host, configured like the service (section <c>Mqtt</c>).</summary>
[Collection(MqttBrokerCollection.Name)]
public sealed class MqttHostTests(MqttBroker broker)
{
    private IHost Build(string instrument, int? port = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mqtt:Host"] = broker.Host,
            ["Mqtt:Port"] = (port ?? broker.Port).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mqtt:Username"] = broker.Username,
            ["Mqtt:Password"] = broker.Password,
            ["Mqtt:InstrumentId"] = instrument,
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IOutbox, MqttListOutbox>();
        builder.Services.AddEdgeCtlMqtt(builder.Configuration.GetSection(MqttOptions.SectionName));
        return builder.Build();
    }

    [Fact]
    public async Task The_host_starts_the_publisher_and_its_stop_leaves_a_final_status()
    {
        var instrument = "stem-" + Guid.NewGuid().ToString("N")[..10];
        using var watcher = MqttTestClient.Monitor(broker);
        Assert.Equal(0, await watcher.ConnectAsync(broker));
        await watcher.SubscribeAsync($"edgectl/{instrument}/status");

        using var host = Build(instrument);
        await host.StartAsync();
        var first = MqttJson.DeserializeStatus((await watcher.NextAsync()).Payload)!;
        Assert.Equal(CampaignState.Starting, first.State);

        host.Services.GetRequiredService<MqttPublisher>().PublishStatus(
            new StatusMessage(CampaignState.Completed, "c-9", 150, 150, "r4", 3600, 0.02, "sam", null, DateTimeOffset.UnixEpoch));
        Assert.Equal(CampaignState.Completed, MqttJson.DeserializeStatus((await watcher.NextAsync()).Payload)!.State);

        await host.StopAsync();
        var final = MqttJson.DeserializeStatus((await watcher.NextAsync()).Payload)!;
        Assert.Equal(CampaignState.Completed, final.State);
        Assert.Equal("c-9", final.CampaignId);
    }

    [Fact]
    public async Task A_bad_setting_stops_the_host_at_start_naming_the_key()
    {
        using var host = Build("bad/instrument");
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Mqtt:InstrumentId", ex.Message);
    }

    [Fact]
    public void A_clean_stop_keeps_a_finished_state_and_turns_others_offline()
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        var running = new StatusMessage(CampaignState.Running, "c", 3, 9, null, 1, null, null, null, DateTimeOffset.UnixEpoch);
        Assert.Equal(running with { State = CampaignState.Offline, UpdatedUtc = now }, MqttPublisher.DefaultFinalStatus(running, now));
        var failed = running with { State = CampaignState.Failed, LastError = "stage fault" };
        Assert.Equal(failed with { UpdatedUtc = now }, MqttPublisher.DefaultFinalStatus(failed, now));
        Assert.Equal(CampaignState.Offline, MqttPublisher.DefaultFinalStatus(null, now).State);
    }
}
