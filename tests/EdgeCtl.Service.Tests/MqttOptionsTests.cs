using Xunit;
using EdgeCtl.Service.Mqtt;

namespace EdgeCtl.Service.Tests;

public sealed class MqttOptionsTests
{
    [Fact]
    public void Valid_options_give_the_topic_root_and_default_client_id()
    {
        var options = new MqttOptions { InstrumentId = "stem-1", Port = 20001 };
        Assert.Empty(options.Validate());
        Assert.Equal("edgectl/stem-1/", options.TopicRoot);
        Assert.Equal("edgectl-stem-1", options.EffectiveClientId);
    }

    [Theory]
    [InlineData("Mqtt:InstrumentId", "a/b", 1883, 64, 30)]
    [InlineData("Mqtt:InstrumentId", "", 1883, 64, 30)]
    [InlineData("Mqtt:InstrumentId", "stem#1", 1883, 64, 30)]
    [InlineData("Mqtt:Port", "stem-1", 0, 64, 30)]
    [InlineData("Mqtt:Port", "stem-1", 70000, 64, 30)]
    [InlineData("Mqtt:MaxInFlight", "stem-1", 1883, 0, 30)]
    [InlineData("Mqtt:KeepAliveSeconds", "stem-1", 1883, 64, 1)]
    public void Each_bad_value_is_reported_with_its_key(string key, string instrument, int port, int maxInFlight, int keepAlive)
    {
        var options = new MqttOptions { InstrumentId = instrument, Port = port, MaxInFlight = maxInFlight, KeepAliveSeconds = keepAlive };
        var error = Assert.Single(options.Validate());
        Assert.StartsWith(key + " ", error);
        var ex = Assert.Throws<ArgumentException>(options.ThrowIfInvalid);
        Assert.Contains(key, ex.Message);
    }

    [Fact]
    public void A_publisher_refuses_invalid_options_before_connecting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MqttPublisher(
            new MqttOptions { InstrumentId = "x", Password = "secret" },
            new MqttListOutbox(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MqttPublisher>.Instance));
        Assert.Contains("Mqtt:Password", ex.Message);
    }
}
