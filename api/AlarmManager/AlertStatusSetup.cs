using Microsoft.Extensions.Options;
using Monitoring.Mllp;

namespace Monitoring.Api.AlarmManager;

/// <summary>
/// The listener for the alarm manager's PCD-05 statuses: a third MLLP listener with settings of its own under
/// <c>AlarmManager:Mllp</c> (off unless <c>AlarmManager:Mllp:Enabled</c>; port 2578 unless set; allowed sources,
/// TLS), its own connection security and <see cref="AlertStatusHandler"/>.
/// </summary>
public static class AlertStatusSetup
{
    /// <summary>The section of the listener's MLLP settings.</summary>
    public const string ListenerSection = "AlarmManager:Mllp";

    /// <summary>The name its <see cref="MllpOptions"/> are bound under.</summary>
    public const string ListenerName = "alarm-manager";

    /// <summary>Its port unless <c>AlarmManager:Mllp:Port</c> says otherwise (devices 2575, ADT 2576, the manager itself 2577).</summary>
    public const int DefaultPort = 2578;

    public static IServiceCollection AddAlarmManagerStatuses(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MllpOptions>(ListenerName)
            .Configure(o => (o.Port, o.Enabled) = (DefaultPort, false))
            .Bind(configuration.GetSection(ListenerSection))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MllpOptions>>(new MllpOptionsValidator(ListenerName, ListenerSection));
        services.AddSingleton<IValidateOptions<MllpOptions>, AlertStatusListenerValidator>();
        services.AddSingleton<AlertStatusHandler>();
        services.AddKeyedSingleton(ListenerName, (sp, _) => new MllpConnectionSecurity(
            ListenerSection, Listener(sp), sp.GetRequiredService<ILogger<MllpConnectionSecurity>>()));
        // Not AddHostedService: it adds a hosted service of a type once, and the other listeners are MllpListeners too.
        services.AddSingleton<IHostedService>(sp => new MllpListener(
            ListenerSection,
            Listener(sp),
            sp.GetRequiredService<AlertStatusHandler>(),
            sp.GetRequiredKeyedService<MllpConnectionSecurity>(ListenerName),
            sp.GetRequiredService<ILogger<MllpListener>>()));
        return services;
    }

    private static MllpOptions Listener(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<MllpOptions>>().Get(ListenerName);
}
