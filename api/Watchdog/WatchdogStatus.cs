using System.Collections.Immutable;
using Monitoring.Watchdog;

namespace Monitoring.Api.Watchdog;

/// <summary>
/// What this host's watchdog knows: its own verdict (readiness, the gauge) and every host's status as the board last
/// answered (the central stations' technical alarms). Written by <see cref="WatchdogProbe"/>, read by anyone.
/// </summary>
public sealed class WatchdogStatus
{
    private readonly Lock _lock = new();
    private WatchdogHostStatus? _own;
    private ImmutableArray<WatchdogHostStatus> _board = [];

    /// <summary>This host's name once the watchdog knows it (after the host has started listening).</summary>
    public string? Host { get; private set; }

    /// <summary>This host's own status, null before its first probe.</summary>
    public WatchdogHostStatus? Own
    {
        get
        {
            lock (_lock)
            {
                return _own;
            }
        }
    }

    /// <summary>The hosts' statuses as the board last answered, with this host's own as it is now.</summary>
    public ImmutableArray<WatchdogHostStatus> Hosts
    {
        get
        {
            lock (_lock)
            {
                return _own is null ? _board : [.. _board.Where(s => s.Host != _own.Host), _own];
            }
        }
    }

    /// <summary>The technical alarms of degraded hosts, as central stations show them.</summary>
    public IReadOnlyList<SystemAlarmView> ActiveAlarms =>
        [.. Hosts.Where(s => s.Degraded).OrderBy(s => s.Host, StringComparer.Ordinal).Select(s => SystemAlarmView.Of(s, active: true))];

    public void Started(string host) => Host = host;

    public void SetOwn(WatchdogHostStatus status)
    {
        lock (_lock)
        {
            _own = status;
        }
    }

    public void SetBoard(ImmutableArray<WatchdogHostStatus> board)
    {
        lock (_lock)
        {
            _board = board;
        }
    }
}
