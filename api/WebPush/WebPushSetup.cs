using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Monitoring.Api.WebPush;

/// <summary>Wires Web Push: its settings (checked at start), the store, the sender and the acknowledge capability's sign-in.</summary>
public static class WebPushSetup
{
    /// <summary>Bearer tokens or a notification's acknowledge capability: only the acknowledge endpoint takes this.</summary>
    public static AuthorizationPolicy TokenOrAcknowledgeCapability { get; } =
        new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme, AcknowledgeCapability.Scheme).RequireAuthenticatedUser().Build();

    public static IServiceCollection AddWebPush(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebPushOptions>().Bind(configuration.GetSection(WebPushOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebPushOptions>, WebPushOptionsValidator>();
        services.AddSingleton<PushSubscriptionStore>();
        services.AddSingleton<WebPushSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebPushSender>());
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, PushAcknowledgeHandler>(AcknowledgeCapability.Scheme, null);
        return services;
    }
}
