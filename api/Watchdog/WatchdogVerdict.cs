namespace Monitoring.Api.Watchdog;

/// <summary>
/// Whether an api host's alarm path is degraded, from its probes' outcomes: degraded after
/// <see cref="DegradeAfter"/> late or missing probes in a row, cleared after <see cref="ClearAfter"/> on time in a row.
/// One slow probe (a garbage collection, a silo's failover) is not an alarm, and a path that comes and goes stays
/// degraded until it has held for a while. Knows nothing of Orleans or SignalR.
/// </summary>
public sealed class WatchdogVerdict
{
    private int _badInARow;
    private int _goodInARow;

    public WatchdogVerdict(int degradeAfter, int clearAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degradeAfter, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clearAfter, 1);
        (DegradeAfter, ClearAfter) = (degradeAfter, clearAfter);
    }

    public int DegradeAfter { get; }

    public int ClearAfter { get; }

    public bool IsDegraded { get; private set; }

    /// <summary>When the first of the late or missing probes that made it degraded was; null while not degraded.</summary>
    public DateTimeOffset? DegradedSince { get; private set; }

    /// <summary>The last outcome taken, null before the first.</summary>
    public ProbeOutcome? LastOutcome { get; private set; }

    /// <summary>Late or missing probes since the last on time.</summary>
    public int BadInARow => _badInARow;

    private DateTimeOffset? _firstBad;

    /// <summary>Takes one probe's outcome; answers the change it makes (degraded, cleared), or null.</summary>
    public WatchdogChange? Take(ProbeOutcome outcome, DateTimeOffset sentAt)
    {
        LastOutcome = outcome;
        if (outcome == ProbeOutcome.Arrived)
        {
            (_badInARow, _firstBad) = (0, null);
            _goodInARow++;
            if (IsDegraded && _goodInARow >= ClearAfter)
            {
                (IsDegraded, DegradedSince) = (false, null);
                return WatchdogChange.Cleared;
            }

            return null;
        }

        _goodInARow = 0;
        _firstBad ??= sentAt;
        _badInARow++;
        if (!IsDegraded && _badInARow >= DegradeAfter)
        {
            (IsDegraded, DegradedSince) = (true, _firstBad);
            return WatchdogChange.Degraded;
        }

        return null;
    }
}
