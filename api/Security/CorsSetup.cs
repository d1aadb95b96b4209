using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Monitoring.Api.Security;

/// <summary>
/// Cross-origin requests: none, unless origins are listed in <c>Cors:AllowedOrigins</c> (for a dashboard
/// served from another host). The dashboard here is same-origin and needs no CORS at all.
/// </summary>
public static class CorsSetup
{
    public const string Policy = "dashboard";

    public static IServiceCollection AddClosedCors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CrossOriginOptions>().Bind(configuration.GetSection(CrossOriginOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CrossOriginOptions>>((cors, allowed) => cors.AddPolicy(Policy, policy =>
        {
            if (allowed.Value.AllowedOrigins.Count > 0)
            {
                policy.WithOrigins([.. allowed.Value.AllowedOrigins]).WithHeaders("Authorization", "Content-Type").WithMethods("GET", "POST", "PUT", "DELETE").AllowCredentials();
            }
        }));
        return services;
    }
}
