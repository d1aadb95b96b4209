using System.ComponentModel.DataAnnotations;
using Monitoring.Watchdog;

namespace Monitoring.Api.Watchdog;

/// <summary>
/// The alarm-path watchdog of this api host (<c>Watchdog</c>, docs/operations.md): every <see cref="Interval"/> its
/// synthetic device sends a breaching reading the real way, and this host's own hub client times the alarm's arrival.
/// </summary>
public sealed class WatchdogOptions : IValidatableObject
{
    public const string Section = "Watchdog";

    /// <summary>On unless turned off; a host without it cannot tell that its alarm path is broken.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// This host's name on the metrics (<c>host</c>), the technical alarm and readiness; unique per api host
    /// (cluster.sh sets <c>api-1</c>, <c>api-2</c>). Unset: the machine's name and the port the host listens on.
    /// </summary>
    public string? HostName { get; set; }

    /// <summary>How often a probe is sent; an alarm not arrived when the next one is due is missing.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:10:00", ErrorMessage = "Watchdog:Interval must be between 200 ms and 10 min.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An alarm arriving later than this after its reading was sent is late (the alarm-delivery SLO is 1 s from raise to push).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "Watchdog:LateAfter must be between 50 ms and 10 min.")]
    public TimeSpan LateAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive late or missing probes that make the path degraded (one slow probe is not an alarm).</summary>
    [Range(1, 100, ErrorMessage = "Watchdog:DegradeAfter must be between 1 and 100 probes.")]
    public int DegradeAfter { get; set; } = 2;

    /// <summary>Consecutive probes on time that clear it again (so that a path that comes and goes does not flap).</summary>
    [Range(1, 100, ErrorMessage = "Watchdog:ClearAfter must be between 1 and 100 probes.")]
    public int ClearAfter { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LateAfter > Interval)
        {
            yield return new ValidationResult(
                $"Watchdog:LateAfter ({LateAfter}) must not be longer than Watchdog:Interval ({Interval}): an alarm not arrived by the next probe is missing.",
                [nameof(LateAfter)]);
        }

        if (HostName is not null && !IsValidHostName(HostName))
        {
            yield return new ValidationResult(
                $"Watchdog:HostName '{HostName}' must be 1 to {SyntheticBeds.MaxHostLength} letters, digits, '.', '_', '-' or ':', starting with a letter or digit.",
                [nameof(HostName)]);
        }
    }

    public static bool IsValidHostName(string name) => name.Length <= SyntheticBeds.MaxHostLength && Identifiers.IsValid(name);
}
