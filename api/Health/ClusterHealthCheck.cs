using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitoring.Api.Health;

/// <summary>Ready only while a grain call reaches the Orleans cluster.</summary>
public sealed class ClusterHealthCheck(IClusterClient client) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.GetGrain<IPingGrain>(0).PingAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("The cluster answers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster does not answer.", exception);
        }
    }
}
