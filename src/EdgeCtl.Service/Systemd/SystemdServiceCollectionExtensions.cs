using Microsoft.Extensions.DependencyInjection;

namespace EdgeCtl.Service.Systemd;

/// <summary>Dependency-injection registration of the systemd integration.</summary>
public static class SystemdServiceCollectionExtensions
{
    /// <summary>Registers a <see cref="SystemdNotifier"/> (from this process's <c>$NOTIFY_SOCKET</c> and
    /// <c>$WATCHDOG_USEC</c> unless <paramref name="notifier"/> is given) and
    /// <see cref="SystemdLifetimeService"/>.</summary>
    public static IServiceCollection AddEdgeCtlSystemd(this IServiceCollection services, SystemdNotifier? notifier = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(notifier ?? new SystemdNotifier());
        services.AddHostedService<SystemdLifetimeService>();
        return services;
    }
}
