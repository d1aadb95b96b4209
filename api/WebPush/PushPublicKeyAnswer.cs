namespace Monitoring.Api.WebPush;

/// <summary>Whether this server pushes to phones, and the VAPID public key browsers subscribe with (null when off).</summary>
public sealed record PushPublicKeyAnswer(bool Enabled, string? PublicKey);
