using System.ComponentModel.DataAnnotations;
using Monitoring.Hl7;

namespace Monitoring.Mllp;

/// <summary>The HL7 v2 listener (MLLP over TCP) for bedside gateways.</summary>
public sealed class MllpOptions
{
    public const string Section = "Mllp";

    public bool Enabled { get; set; } = true;

    [Range(1, 65535, ErrorMessage = "Mllp:Port must be a TCP port (1-65535).")]
    public int Port { get; set; } = 2575;

    /// <summary>The address to listen on; loopback by default, so that exposing it is a decision.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>A frame larger than this closes the connection.</summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "Mllp:MaxFrameBytes must be between 1024 and 67108864 (64 MiB).")]
    public int MaxFrameBytes { get; set; } = 1024 * 1024;

    /// <summary>A connection that sends nothing for this long is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Mllp:IdleTimeout must be between 1 s and 1 h.")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A frame that has started must be complete within this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Mllp:ReadTimeout must be between 1 s and 10 min.")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 100_000, ErrorMessage = "Mllp:MaxConnections must be between 1 and 100000.")]
    public int MaxConnections { get; set; } = 20_000;

    /// <summary>
    /// The fixed UTC offset of HL7 times that carry none (a gateway's local time). Kept for gateways in a zone
    /// without daylight saving; where the clocks change, set <see cref="TimeZone"/> instead (not both).
    /// </summary>
    public TimeSpan? AssumedOffset { get; set; }

    /// <summary>
    /// The time zone of HL7 times that carry none, with its daylight-saving rules: an IANA id such as
    /// <c>Europe/London</c> (Windows ids only where the operating system knows them). Not with <see cref="AssumedOffset"/>.
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// The sources that may connect: IP addresses or CIDR ranges, IPv4 or IPv6. Empty admits any source,
    /// which is safe only while <see cref="Address"/> is loopback (the default) or a firewall stands in front.
    /// </summary>
    public IList<string> AllowedSources { get; } = new List<string>();

    /// <summary>TLS, off unless a certificate is configured.</summary>
    public MllpTlsOptions Tls { get; set; } = new();

    /// <summary>How HL7 times without a zone are read: in <see cref="TimeZone"/>, else at <see cref="AssumedOffset"/>, else as UTC.</summary>
    /// <exception cref="InvalidOperationException">The settings have not passed <see cref="MllpOptionsValidator"/>.</exception>
    public AssumedTimeZone TimesWithoutZone()
    {
        if (!string.IsNullOrWhiteSpace(TimeZone))
        {
            return AssumedTimeZone.TryFind(TimeZone, out var zone)
                ? zone
                : throw new InvalidOperationException($"{Section}:{nameof(TimeZone)} '{TimeZone}' is not a time zone this machine knows.");
        }

        return AssumedOffset is { } offset ? AssumedTimeZone.FixedOffset(offset) : AssumedTimeZone.Utc;
    }
}
