using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitoring.Api.Watchdog;

/// <summary>
/// Readiness of the alarm path: Degraded (still 200, so that no orchestrator restarts a host that still serves, and
/// the operator sees why) while this host's watchdog finds its alarms late or missing, naming the host.
/// </summary>
public sealed class WatchdogHealthCheck(WatchdogStatus status, Microsoft.Extensions.Options.IOptions<WatchdogOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Own switch
        {
            null when !options.Value.Enabled => HealthCheckResult.Healthy("The alarm-path watchdog is off (Watchdog:Enabled=false): nothing checks this host's alarm path."),
            null => HealthCheckResult.Healthy("The alarm-path watchdog has not finished its first probe."),
            { Degraded: true } own => HealthCheckResult.Degraded($"monitoring-path-degraded on {own.Host}: {own.Detail}"),
            var own => HealthCheckResult.Healthy(own.Detail),
        });
}
