namespace Monitoring.Watchdog;

/// <summary>
/// What one api host's watchdog last found of its alarm path: degraded (its probes' alarms late or missing) since when,
/// and what it says about it (which host, how late, whether PostgreSQL is out), as of <see cref="ReportedAt"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.watchdog-host-status")]
public sealed record WatchdogHostStatus(
    [property: Id(0)] string Host,
    [property: Id(1)] bool Degraded,
    [property: Id(2)] DateTimeOffset? DegradedSince,
    [property: Id(3)] string Detail,
    [property: Id(4)] DateTimeOffset ReportedAt);
