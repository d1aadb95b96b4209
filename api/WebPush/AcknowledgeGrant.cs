namespace Monitoring.Api.WebPush;

/// <summary>What a notification's acknowledge capability allows: one alarm, acknowledged as one person, in their units, until a time.</summary>
public sealed record AcknowledgeGrant(string AlarmId, string Subject, IReadOnlyList<string> Units, DateTimeOffset ExpiresAt);
