using Microsoft.AspNetCore.Builder;
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
/// It has no sign-in of its own and shows no patient data by name: keep it inside the cluster.
/// </summary>
public static class SiloOperations
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddSiloOperations(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(OperationsOptions.Section);
        // Validated at start, before Kestrel listens, so that a bad address is reported by its setting.
        builder.Services.AddOptions<OperationsOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        builder.WebHost.UseUrls([.. (section.Get<OperationsOptions>() ?? new()).UrlList]);
        builder.Services.AddHealthChecks()
            .AddCheck<SiloActiveCheck>("silo", tags: [ReadyTag])
            .AddCheck<DatabaseHealthCheck>("postgresql", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapSiloOperations(this WebApplication app)
    {
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthText.WriteAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOrleansDashboard("/dashboard");
        return app;
    }

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
