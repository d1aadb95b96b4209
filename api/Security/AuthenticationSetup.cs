using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Monitoring.Api.Audit;
using Monitoring.Api.Push;
using Monitoring.Security;

namespace Monitoring.Api.Security;

/// <summary>JWT bearer sign-in for REST, the hub and the dashboard, and the role policies.</summary>
public static class AuthenticationSetup
{
    public const string People = "people";
    public const string Devices = "devices";
    public const string Clinicians = "clinicians";
    public const string OnCall = "oncall";
    public const string Admins = "admins";

    /// <summary>The hub's: people signed in with a bearer token, and this host's own watchdog (<see cref="Watchdog.WatchdogAuthentication"/>).</summary>
    public const string Hub = "hub";

    public static IServiceCollection AddMonitoringAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, Watchdog.WatchdogAuthentication>(Watchdog.WatchdogAuthentication.SchemeName, null);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, TimeProvider>((jwt, auth, time) => Configure(jwt, auth.Value, time));
        services.AddAuthorizationBuilder()
            .AddPolicy(People, p => p.RequireRole(CareRoles.People))
            .AddPolicy(Hub, p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, Watchdog.WatchdogAuthentication.SchemeName)
                .RequireRole([.. CareRoles.People, CareRoles.Watchdog]))
            .AddPolicy(Devices, p => p.RequireRole(CareRoles.Device))
            .AddPolicy(Clinicians, p => p.RequireRole(CareRoles.Clinicians))
            .AddPolicy(OnCall, p => p.RequireRole(CareRoles.OnCall))
            .AddPolicy(Admins, p => p.RequireRole(CareRoles.Admin))
            // Everything needs a signed-in caller unless it says otherwise (only the health checks do).
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, TimeProvider time)
    {
        JwtValidation.Configure(jwt, auth);
        // A device's token is checked once, not with every batch (CachingTokenHandler).
        jwt.TokenHandlers.Clear();
        jwt.TokenHandlers.Add(new CachingTokenHandler(time) { MapInboundClaims = false });
        jwt.Events = new JwtBearerEvents
        {
            // Browsers cannot set headers on WebSockets: the hub takes the token from the query string.
            OnMessageReceived = context =>
            {
                if (context.Request.Path.StartsWithSegments(MonitoringHub.Path, StringComparison.Ordinal)
                    && context.Request.Query["access_token"] is { Count: 1 } token)
                {
                    context.Token = token[0];
                }

                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                // Counted per client address, one audit row per address and interval (FailedSignIns):
                // a flood of bad tokens cannot fill the audit trail.
                context.HttpContext.RequestServices.GetRequiredService<FailedSignIns>().Count(context.HttpContext, context.Exception.GetType().Name);
                return Task.CompletedTask;
            },
        };
    }
}
