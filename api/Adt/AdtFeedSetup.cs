using Microsoft.Extensions.Options;
using Monitoring.Mllp;

namespace Monitoring.Api.Adt;

/// <summary>
/// The ADT feed's wiring: its settings (<c>Adt</c>), and a second MLLP listener with settings of its own under
/// <c>Adt:Mllp</c> (port 2576 unless set, allowed sources, TLS), its own connection security and <see cref="AdtMessageHandler"/>.
/// </summary>
public static class AdtFeedSetup
{
    public static IServiceCollection AddAdtFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdtOptions>().Bind(configuration.GetSection(AdtOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MllpOptions>(AdtOptions.ListenerName)
            .Configure(o => o.Port = AdtOptions.DefaultPort)
            .Bind(configuration.GetSection(AdtOptions.ListenerSection))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MllpOptions>>(new MllpOptionsValidator(AdtOptions.ListenerName, AdtOptions.ListenerSection));
        services.AddSingleton<AdtLocationMap>();
        services.AddSingleton<AdtFeedStore>();
        services.AddSingleton<AdtMessageHandler>();
        services.AddKeyedSingleton(AdtOptions.ListenerName, (sp, _) => new MllpConnectionSecurity(
            AdtOptions.ListenerSection, Listener(sp), sp.GetRequiredService<ILogger<MllpConnectionSecurity>>()));
        // Not AddHostedService: it adds a hosted service of a type once, and the device listener is an MllpListener too.
        services.AddSingleton<IHostedService>(sp => new MllpListener(
            AdtOptions.ListenerSection,
            Listener(sp),
            sp.GetRequiredService<AdtMessageHandler>(),
            sp.GetRequiredKeyedService<MllpConnectionSecurity>(AdtOptions.ListenerName),
            sp.GetRequiredService<ILogger<MllpListener>>()));
        return services;
    }

    private static MllpOptions Listener(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<MllpOptions>>().Get(AdtOptions.ListenerName);
}
