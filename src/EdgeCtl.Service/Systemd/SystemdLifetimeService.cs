using Microsoft.Extensions.Hosting;

namespace EdgeCtl.Service.Systemd;

/// <summary>
/// Reports the host's life cycle to systemd (sd_notify(3)): <c>READY=1</c> once every hosted service
/// has started, <c>STOPPING=1</c> when shutdown begins, and <c>WATCHDOG=1</c> every
/// <see cref="SystemdNotifier.WatchdogInterval"/> while the host runs (only when the unit sets
/// <c>WatchdogSec=</c>). The pings prove the process and its thread pool are alive; a component that
/// can hang on its own (the campaign loop) should additionally gate them. No-op outside systemd.
/// </summary>
public sealed class SystemdLifetimeService(SystemdNotifier notifier, IHostApplicationLifetime lifetime) : BackgroundService
{
    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(static n => ((SystemdNotifier)n!).Ready(), notifier);
        lifetime.ApplicationStopping.Register(static n => ((SystemdNotifier)n!).Stopping(), notifier);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (notifier.WatchdogInterval is not { } interval || !notifier.IsEnabled)
            return;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                notifier.Watchdog();
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }
}
