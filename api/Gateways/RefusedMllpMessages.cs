using Microsoft.Extensions.Options;
using Monitoring.Api.Audit;
using Monitoring.Mllp;

namespace Monitoring.Api.Gateways;

/// <summary>
/// HL7 messages refused because their sender may not report for the device they name, counted per sender:
/// one audit row per sender and interval (<see cref="AuditTally"/>), naming the sender's identity and the
/// devices it tried. An allowed sender spoofing devices is seen, and cannot flood the trail.
/// </summary>
public sealed class RefusedMllpMessages(AuditTrail audit, IOptions<AuditOptions> options, TimeProvider time, ILogger<RefusedMllpMessages> logger)
    : AuditTally(audit, options, time, logger)
{
    public void Count(MllpPeer peer, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(peer);
        Count(peer.Identity, $"device {deviceId}");
    }

    protected override string What(int count) => count == 1
        ? "HL7 message for a device this sender may not report for"
        : "HL7 messages for devices this sender may not report for";

    // The source column holds an address; a sender known by its certificate is named in the resource.
    protected override AuditEvent Row(string? source, string summary, DateTimeOffset now) =>
        new(now, source ?? AuditTally.OtherSources, "", AuditActions.MllpRefused, "mllp", AuditOutcomes.Denied,
            source is not null && source.StartsWith("address:", StringComparison.Ordinal) ? source["address:".Length..] : null, null, summary);
}
