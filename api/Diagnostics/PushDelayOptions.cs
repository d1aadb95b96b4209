using System.ComponentModel.DataAnnotations;

namespace Monitoring.Api.Diagnostics;

/// <summary>
/// A deliberately slowed api host, for the test that deploy/cluster.sh roll rolls back a release that slows the
/// alarm path (docs/operations.md#rolling-upgrade). The delay acts only with <c>Diagnostics:EnableFaultHooks</c>
/// (the test hooks' switch, never on in production), and a delay set without it stops the host at start
/// (<see cref="PushDelayOptionsValidator"/>), so a stray setting cannot slow a ward's alarms.
/// </summary>
public sealed class PushDelayOptions
{
    public const string Section = "Diagnostics";

    /// <summary>The test hooks' switch; for tests only.</summary>
    public bool EnableFaultHooks { get; set; }

    /// <summary>Held before each batch of alarms is pushed to this host's dashboards: a deliberately slowed release.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30", ErrorMessage = "Diagnostics:PushDelay must be between 0 and 30 s.")]
    public TimeSpan PushDelay { get; set; }
}
