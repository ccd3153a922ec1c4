using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCtl.Service.Mqtt;

/// <summary>Dependency-injection registration of the MQTT side.</summary>
public static class MqttServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="MqttOptions"/> from <paramref name="section"/> (normally <c>Mqtt</c>) with
    /// validation at start-up (each failure names its key), and registers <see cref="MqttPublisher"/>
    /// as a singleton plus <see cref="MqttPublisherHostedService"/>. An <see cref="IOutbox"/> (the
    /// campaign store) must be registered as well.
    /// </summary>
    public static IServiceCollection AddEdgeCtlMqtt(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<MqttOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MqttOptions>, MqttOptionsValidator>();
        services.AddSingleton(sp => new MqttPublisher(
            sp.GetRequiredService<IOptions<MqttOptions>>().Value,
            sp.GetRequiredService<IOutbox>(),
            sp.GetRequiredService<ILogger<MqttPublisher>>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService<MqttPublisherHostedService>();
        return services;
    }
}
