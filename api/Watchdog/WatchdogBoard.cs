using Microsoft.AspNetCore.SignalR;
using Monitoring.Api.Push;
using Monitoring.Watchdog;

namespace Monitoring.Api.Watchdog;

/// <summary>
/// This host's side of the hosts' board (<see cref="IWatchdogBoardGrain"/>): tells it this host's status, takes every
/// host's back, and tells this host's central stations (<see cref="PushGroups.Stations"/>) what changed, as
/// <c>system-alarm</c> events: a host degraded (again), or a host no longer degraded or no longer reporting.
/// </summary>
public sealed partial class WatchdogBoard(IClusterClient client, WatchdogStatus status, IHubContext<MonitoringHub> hub, ILogger<WatchdogBoard> logger)
{
    /// <param name="expiry">How long the board keeps this host's status if it stops reporting.</param>
    /// <param name="timeout">How long to wait for the board (a probe interval: the next report is due then).</param>
    public async Task ShareAsync(WatchdogHostStatus own, TimeSpan expiry, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(own);
        var before = status.Hosts.Where(s => s.Degraded).ToDictionary(s => s.Host, StringComparer.Ordinal);
        try
        {
            status.SetBoard(await client.GetGrain<IWatchdogBoardGrain>(0).ReportAsync(own, expiry).WaitAsync(timeout, cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The cluster does not answer: this host's stations still hear of its own path (status.Hosts holds it).
            LogBoardFailed(exception);
        }

        var after = status.Hosts.Where(s => s.Degraded).ToDictionary(s => s.Host, StringComparer.Ordinal);
        var raised = after.Values
            .Where(s => !before.TryGetValue(s.Host, out var was) || was.DegradedSince != s.DegradedSince)
            .Select(s => SystemAlarmView.Of(s, active: true));
        var ended = before.Values
            .Where(s => !after.ContainsKey(s.Host))
            .Select(s => SystemAlarmView.Of(status.Hosts.FirstOrDefault(now => now.Host == s.Host) ?? s with { Detail = $"{s.Host} no longer reports its watchdog." }, active: false));
        foreach (var alarm in raised.Concat(ended).ToList())
        {
            await hub.Clients.Group(PushGroups.Stations).SendAsync(PushEvents.SystemAlarm, alarm, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the watchdog board; this host's stations still show its own path")]
    private partial void LogBoardFailed(Exception exception);
}
