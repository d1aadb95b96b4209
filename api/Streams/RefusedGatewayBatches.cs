using Microsoft.Extensions.Options;
using Monitoring.Api.Audit;

namespace Monitoring.Api.Streams;

/// <summary>
/// Batches a gateway sent on its stream for devices it is not registered for, counted per gateway: one audit
/// row per gateway and interval (<see cref="AuditTally"/>) naming the devices it tried. A gateway reporting
/// for devices that are not its own is seen, and cannot flood the trail.
/// </summary>
public sealed class RefusedGatewayBatches(AuditTrail audit, IOptions<AuditOptions> options, TimeProvider time, ILogger<RefusedGatewayBatches> logger)
    : AuditTally(audit, options, time, logger)
{
    public void CountRefused(string gatewayId, string deviceId) => Count(gatewayId, $"device {deviceId}");

    protected override string What(int count) => count == 1
        ? "batch for a device this gateway is not registered for"
        : "batches for devices this gateway is not registered for";

    protected override AuditEvent Row(string? source, string summary, DateTimeOffset now) =>
        new(now, source ?? AuditTally.OtherSources, Security.CareRoles.Gateway, AuditActions.GatewayRefused,
            source is null ? "gateway" : $"gateway/{source}", AuditOutcomes.Denied, null, null, summary);
}
