using System.ComponentModel.DataAnnotations;

namespace Monitoring.Api.WebPush;

/// <summary>
/// Web Push to on-call staff's phones (docs/CONFIGURATION.md). With neither key set, push is off: the on-call page
/// says so and works as before. <see cref="WebPushOptionsValidator"/> checks the keys at start.
/// </summary>
public sealed class WebPushOptions
{
    public const string Section = "WebPush";

    /// <summary>The VAPID public key (RFC 8292): the uncompressed P-256 point, 65 bytes, base64url. Browsers subscribe with it.</summary>
    public string? PublicKey { get; set; }

    /// <summary>The VAPID private key: the P-256 scalar, 32 bytes, base64url. Never committed; deploy/start.sh makes one.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>Who push services may contact about this sender: a <c>mailto:</c> or <c>https:</c> address (the VAPID <c>sub</c>).</summary>
    public string Subject { get; set; } = "mailto:monitoring@localhost";

    /// <summary>
    /// Hosts whose push endpoints may be plain http (a local push service in tests or development). Every other
    /// endpoint must be https.
    /// </summary>
    public IList<string> InsecureEndpointHosts { get; } = [];

    /// <summary>How long an acknowledge capability in a notification may be used.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "WebPush:AcknowledgeFor must be between 1 min and 1 day.")]
    public TimeSpan AcknowledgeFor { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a push service keeps a notification for a phone that is offline (the TTL header).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "WebPush:TimeToLive must be between 0 and 1 day.")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Tries per notification when the push service answers 429 or 5xx or cannot be reached; then it is given up (and logged).</summary>
    [Range(1, 10, ErrorMessage = "WebPush:Attempts must be between 1 and 10.")]
    public int Attempts { get; set; } = 4;

    /// <summary>The wait before the second try; it doubles for each further one (a push service's Retry-After, up to a minute, wins).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "WebPush:RetryDelay must be between 50 ms and 1 min.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether both keys are set (the validator refuses one without the other).</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(PublicKey) && !string.IsNullOrWhiteSpace(PrivateKey);
}
