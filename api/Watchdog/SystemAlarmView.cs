namespace Monitoring.Api.Watchdog;

/// <summary>
/// A technical alarm of the monitoring system itself, not of a patient: shown on every central station (the
/// <c>system-alarm</c> hub event, <c>GET /api/v1/system/alarms</c>). <see cref="Code"/> is
/// <c>monitoring-path-degraded</c>; <see cref="Host"/> names the api host whose alarm path it is about.
/// </summary>
public sealed record SystemAlarmView(
    string Code,
    string Kind,
    string Priority,
    string State,
    string Host,
    DateTimeOffset? Since,
    string Detail)
{
    public const string PathDegraded = "monitoring-path-degraded";

    /// <summary>
    /// Technical (IEC 60601-1-8: the alarm system's own condition, not the patient's), and high: while it holds, alarms
    /// of real patients on that host's central stations may come late or not at all, which staff must know at once.
    /// </summary>
    public static SystemAlarmView Of(Monitoring.Watchdog.WatchdogHostStatus status, bool active)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new(PathDegraded, "technical", "high", active ? "active" : "resolved", status.Host, status.DegradedSince, status.Detail);
    }
}
