using System.ComponentModel;

namespace Monitoring.Api.WebPush;

/// <summary>The keys of a browser's push subscription, as <c>PushSubscription.toJSON()</c> gives them.</summary>
public sealed record PushSubscriptionKeys(
    [property: Description("The browser's P-256 public key for this subscription: 65 bytes, base64url.")] string? P256dh,
    [property: Description("The subscription's authentication secret: 16 bytes, base64url.")] string? Auth);
