using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Monitoring.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Dashboard;
using Monitoring.Hosting;
using Orleans.Runtime;

namespace Monitoring.Silo.Hosting;

/// <summary>
/// The silo's operator port (<c>Operations:Urls</c>, loopback by default): <c>/healthz/live</c>,
/// <c>/healthz/ready</c>, Prometheus <c>/metrics</c> and the Orleans Dashboard at <c>/dashboard</c>.
/// On loopback it is open to this machine's processes. Listening on a network (a container's port, a
/// pod's), everything but the health checks and the metrics (probes and Prometheus; no patient data)
/// asks for a bearer token with the role <c>operator</c>, checked as the api checks tokens (<c>Auth</c>); a
/// browser gives it once in the address and keeps it in a cookie.
/// </summary>
public static class SiloOperations
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddSiloOperations(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(OperationsOptions.Section);
        // Validated at start, before Kestrel listens, so that a bad address is reported by its setting.
        builder.Services.AddOptions<OperationsOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var urls = (section.Get<OperationsOptions>() ?? new()).UrlList;
        builder.WebHost.UseUrls([.. urls]);
        var exposed = OperatorAccess.IsExposed(urls);
        builder.Services.AddSingleton(new OperatorPort(exposed));
        if (exposed)
        {
            builder.Services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
            builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Configure<IOptions<AuthOptions>>((jwt, auth) =>
                {
                    JwtValidation.Configure(jwt, auth.Value);
                    jwt.Events = new JwtBearerEvents { OnMessageReceived = BrowserToken };
                });
        }

        builder.Services.AddHealthChecks()
            .AddCheck<SiloActiveCheck>("silo", tags: [ReadyTag])
            .AddCheck<DatabaseHealthCheck>("postgresql", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapSiloOperations(this WebApplication app)
    {
        if (app.Services.GetRequiredService<OperatorPort>().Exposed)
        {
            app.UseAuthentication();
            app.Use(RequireOperatorAsync);
        }

        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthText.WriteAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOrleansDashboard("/dashboard");
        return app;
    }

    /// <summary>
    /// A browser cannot send a bearer header: the operator opens <c>/dashboard/?access_token=…</c> once, and the
    /// token is kept in a cookie for the dashboard's path (HttpOnly, SameSite=Strict; a browser sends it to
    /// that path on any port of the host) and taken out of the address.
    /// </summary>
    private static Task BrowserToken(MessageReceivedContext context)
    {
        if (context.Request.Headers.Authorization.Count == 0)
        {
            context.Token = context.Request.Cookies[OperatorCookie] ?? (context.Request.Query["access_token"] is { Count: 1 } query ? query[0] : null);
        }

        return Task.CompletedTask;
    }

    /// <summary>Health and metrics for probes and Prometheus; everything else (the dashboard) for operators.</summary>
    private static async Task RequireOperatorAsync(HttpContext context, Func<Task> next)
    {
        if (context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal) || context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
        {
            await next();
            return;
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }

        if (!context.User.IsInRole(OperatorAccess.Role))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (context.Request.Headers.Authorization.Count == 0 && context.Request.Cookies[OperatorCookie] is null
            && context.Request.Query["access_token"] is { Count: 1 } token)
        {
            context.Response.Cookies.Append(OperatorCookie, token[0]!, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/dashboard",
            });
            var rest = QueryString.Create(context.Request.Query.Where(q => q.Key != "access_token"));
            context.Response.Redirect($"{context.Request.PathBase}{context.Request.Path}{rest}");
            return;
        }

        await next();
    }

    private const string OperatorCookie = "monitoring_operator";

    /// <summary>Whether the operator port listens beyond loopback (and so asks for an operator's token).</summary>
    private sealed record OperatorPort(bool Exposed);

    /// <summary>Ready once this silo is an active member of the cluster.</summary>
    private sealed class SiloActiveCheck(ISiloStatusOracle membership) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(membership.CurrentStatus == SiloStatus.Active
                ? HealthCheckResult.Healthy("Active in the cluster.")
                : HealthCheckResult.Unhealthy($"Silo is {membership.CurrentStatus}."));
    }

    /// <summary>The overall status and each check's, one per line.</summary>
    private static class HealthText
    {
        public static Task WriteAsync(Microsoft.AspNetCore.Http.HttpContext context, HealthReport report)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            var lines = report.Entries.Select(e => $"{e.Key}: {e.Value.Status} ({e.Value.Description})");
            return context.Response.WriteAsync($"{report.Status}\n{string.Join('\n', lines)}\n");
        }
    }
}
