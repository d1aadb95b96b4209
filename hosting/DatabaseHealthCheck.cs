using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Monitoring.Hosting;

/// <summary>
/// PostgreSQL for readiness (compiled into the silo and the api). Down is degraded, not unhealthy:
/// readings are still checked and alarms still pushed, while history, snapshots and audit rows wait
/// in bounded queues, so the process must stay in service (and not be restarted) for it.
/// </summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = database.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Degraded("PostgreSQL does not answer; writes are waiting.", exception);
        }
    }
}
