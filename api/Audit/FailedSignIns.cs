using Microsoft.Extensions.Options;

namespace Monitoring.Api.Audit;

/// <summary>
/// Failed sign-ins (a token that is bad, expired or not ours), counted per client address: one audit row per
/// address and interval (<see cref="AuditTally"/>).
/// </summary>
public sealed class FailedSignIns(AuditTrail audit, IOptions<AuditOptions> options, TimeProvider time, ILogger<FailedSignIns> logger)
    : AuditTally(audit, options, time, logger)
{
    /// <summary>Counts a failed sign-in of this request.</summary>
    public void Count(HttpContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        Count(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", reason);
    }

    protected override string What(int count) => count == 1 ? "failed sign-in" : "failed sign-ins";

    protected override AuditEvent Row(string? source, string summary, DateTimeOffset now) =>
        new(now, "anonymous", "", AuditActions.SignIn, "sign-in", AuditOutcomes.Failed, source, null, summary);
}
