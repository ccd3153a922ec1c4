using Microsoft.Extensions.Hosting;

namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// Ties <see cref="MqttPublisher"/> to the Generic Host: <see cref="MqttPublisher.Start"/> at host
/// start (returns at once; the broker may be down), <see cref="MqttPublisher.StopAsync"/> at host
/// stop (final status, then DISCONNECT so the Will does not fire). Register it after the campaign
/// runner so that it stops after the runner has published its last status (hosted services stop in
/// reverse registration order).
/// </summary>
public sealed class MqttPublisherHostedService(MqttPublisher publisher) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        publisher.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => publisher.StopAsync();
}
