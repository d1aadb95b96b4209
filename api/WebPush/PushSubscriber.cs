namespace Monitoring.Api.WebPush;

/// <summary>A stored push subscription an escalation is to go to: where, the keys to encrypt to, and whose it is.</summary>
public sealed record PushSubscriber(long SubscriptionId, string Endpoint, string P256dh, string Auth, string Subject);
