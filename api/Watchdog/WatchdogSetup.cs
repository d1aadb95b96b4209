namespace Monitoring.Api.Watchdog;

/// <summary>The watchdog's wiring: its settings (checked at start), its status, and its probe unless turned off.</summary>
public static class WatchdogSetup
{
    public static IServiceCollection AddWatchdog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WatchdogOptions>().Bind(configuration.GetSection(WatchdogOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WatchdogStatus>();
        services.AddSingleton<WatchdogBoard>();
        if (configuration.GetSection(WatchdogOptions.Section).Get<WatchdogOptions>()?.Enabled ?? true)
        {
            services.AddHostedService<WatchdogProbe>();
        }

        return services;
    }
}
