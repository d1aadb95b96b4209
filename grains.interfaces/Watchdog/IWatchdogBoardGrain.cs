using System.Collections.Immutable;

namespace Monitoring.Watchdog;

/// <summary>
/// Where api hosts tell each other what their watchdogs find: each reports its own status every probe interval and
/// gets every host's back, so that every central station, whichever host it is connected to, shows the technical
/// alarm of a host whose alarm path is degraded. Held in memory only: after a silo loss, one interval of reports
/// rebuilds it.
/// </summary>
public interface IWatchdogBoardGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Takes this host's status; answers every host's that reported within <paramref name="expiry"/> (a host that
    /// stopped reporting drops off: its own readiness says why).
    /// </summary>
    Task<ImmutableArray<WatchdogHostStatus>> ReportAsync(WatchdogHostStatus status, TimeSpan expiry);

    /// <summary>A host stopping says so, so that its entry goes at once.</summary>
    Task WithdrawAsync(string host);
}
