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
        var origins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(cors => cors.AddPolicy(Policy, policy =>
        {
            if (origins.Length > 0)
            {
                policy.WithOrigins(origins).WithHeaders("Authorization", "Content-Type").WithMethods("GET", "POST", "PUT", "DELETE").AllowCredentials();
            }
        }));
        return services;
    }
}
