namespace Monitoring.Api.WebPush;

/// <summary>A stored subscription: the units whose escalations reach it, and when it ends (with the sign-in that made it).</summary>
public sealed record PushSubscriptionAnswer(IReadOnlyList<string> Units, DateTimeOffset ExpiresAt);
