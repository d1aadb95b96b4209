namespace Monitoring.Api.Watchdog;

/// <summary>
/// <c>Diagnostics:EnableFaultHooks</c>: maps the test hooks that break this host on purpose (an admin's
/// <c>PUT /api/v1/diagnostics/faults/push-drop</c> makes it drop every event pushed to it), so that the
/// watchdog's end-to-end tests can show it notices. Off by default: never turn it on in production.
/// </summary>
public sealed class FaultHookOptions
{
    public const string Section = "Diagnostics";

    public bool EnableFaultHooks { get; set; }
}
