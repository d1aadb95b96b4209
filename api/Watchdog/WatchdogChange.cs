namespace Monitoring.Api.Watchdog;

/// <summary>A change of a host's alarm path that is raised, recorded in the audit trail and shown on the central stations.</summary>
public enum WatchdogChange
{
    Degraded = 1,
    Cleared = 2,
}
