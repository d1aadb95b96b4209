using Monitoring.Alarms;

namespace Monitoring.Replay;

/// <summary>Sets the stored alarms of a period beside a proposal's replay of it (<see cref="ReplayOutcome"/>).</summary>
public static class ReplayComparison
{
    /// <summary>Two raises this close are the same moment: one batch a second, and the grain's own turn.</summary>
    public static readonly TimeSpan SameMoment = TimeSpan.FromSeconds(2);

    /// <summary>A proposal's alarm of the same condition raised later than this after the stored one is not the same alarm: that one is lost.</summary>
    public static readonly TimeSpan MatchWindow = TimeSpan.FromMinutes(5);

    public static ReplayOutcome Compare(IReadOnlyList<ReplayedAlarm> stored, IReadOnlyList<ReplayedAlarm> proposed, TimeSpan flagDelay)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(proposed);

        var conditions = stored.Concat(proposed)
            .GroupBy(a => a.Code, StringComparer.Ordinal)
            .Select(g => new ReplayConditionRow(g.Key, AlarmWords.Of(g.Max(a => a.Priority)),
                stored.Count(a => a.Code == g.Key), proposed.Count(a => a.Code == g.Key)))
            .OrderByDescending(r => Math.Max(r.Stored, r.Proposed)).ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();

        var changes = HighPriorityChanges(stored, proposed);
        var lost = changes.Count(c => c.Outcome == Lost);
        var delayed = changes.Count(c => c.Outcome == Delayed);
        var totals = new ReplayTotals(stored.Count, proposed.Count,
            stored.Count(a => a.Priority == AlarmPriority.High), proposed.Count(a => a.Priority == AlarmPriority.High), lost, delayed);
        var flagged = lost > 0 || changes.Any(c => c.DelaySeconds > flagDelay.TotalSeconds);
        var same = Matches(stored, proposed);
        var match = new ReplayMatch(same, stored.Count - same, proposed.Count - same);
        return new ReplayOutcome(totals, match, conditions, changes, flagDelay.TotalSeconds, flagged);
    }

    /// <summary>How many of <paramref name="stored"/> have an alarm of <paramref name="replayed"/> of the same patient and condition at the same moment, each answering one.</summary>
    private static int Matches(IReadOnlyList<ReplayedAlarm> stored, IReadOnlyList<ReplayedAlarm> replayed)
    {
        var unmatched = replayed.OrderBy(a => a.RaisedAt).ToList();
        var matches = 0;
        foreach (var alarm in stored.OrderBy(a => a.RaisedAt))
        {
            var match = unmatched.FindIndex(r => r.PatientId == alarm.PatientId && r.Code == alarm.Code && (r.RaisedAt - alarm.RaisedAt).Duration() <= SameMoment);
            if (match >= 0)
            {
                unmatched.RemoveAt(match);
                matches++;
            }
        }

        return matches;
    }

    public const string Lost = "lost";
    public const string Delayed = "delayed";

    /// <summary>
    /// Each stored high-priority alarm against the proposal's alarms of the same patient and condition, in time order,
    /// each proposal alarm answering one stored alarm at most: raised within <see cref="SameMoment"/> (unchanged),
    /// later within <see cref="MatchWindow"/> (delayed), or not at all (lost).
    /// </summary>
    private static List<HighPriorityChange> HighPriorityChanges(IReadOnlyList<ReplayedAlarm> stored, IReadOnlyList<ReplayedAlarm> proposed)
    {
        var unmatched = proposed.OrderBy(a => a.RaisedAt).ToList();
        var changes = new List<HighPriorityChange>();
        foreach (var alarm in stored.Where(a => a.Priority == AlarmPriority.High).OrderBy(a => a.RaisedAt))
        {
            var match = unmatched.FindIndex(p => p.PatientId == alarm.PatientId && p.Code == alarm.Code
                && p.RaisedAt >= alarm.RaisedAt - SameMoment && p.RaisedAt <= alarm.RaisedAt + MatchWindow);
            if (match < 0)
            {
                changes.Add(new HighPriorityChange(alarm.PatientId, alarm.Bed, alarm.Code, alarm.RaisedAt, Lost, null, null));
                continue;
            }

            var answer = unmatched[match];
            unmatched.RemoveAt(match);
            var delay = answer.RaisedAt - alarm.RaisedAt;
            if (delay > SameMoment)
            {
                changes.Add(new HighPriorityChange(alarm.PatientId, alarm.Bed, alarm.Code, alarm.RaisedAt, Delayed, answer.RaisedAt, Math.Round(delay.TotalSeconds, 1)));
            }
        }

        return changes;
    }
}
