namespace Monitoring.Alarms;

/// <summary>
/// The tiers of one condition as a ladder (SpO2 low, then desaturation; the NEWS2 bands): one alarm per
/// ladder, the deepest tier that holds; a deeper tier supersedes a shallower alarm, and a shallower tier
/// takes over at once when the deeper alarm ends.
/// </summary>
public sealed partial class AlarmEngine
{
    /// <summary>
    /// Observes the tiers of one condition, from the ordinary one to the most extreme (all from the same value).
    /// The deepest tier whose alarm is open covers the shallower ones: they neither pend nor raise. A deeper
    /// tier that raises supersedes the shallower alarm at once, even an acknowledged one. When a deeper alarm
    /// ends while a shallower tier still breaches, that tier raises at once: no gap, and never two alarms.
    /// </summary>
    public void ObserveLadder(IReadOnlyList<ConditionObservation> tiers, DateTimeOffset now)
    {
        if (tiers.Count == 0)
        {
            return;
        }

        var handoff = book.Handoffs.Count > 0 && book.Handoffs.Remove(tiers[0].Ladder ?? "");
        var covered = false;
        for (var rank = tiers.Count - 1; rank >= 0; rank--)
        {
            var observation = tiers[rank];
            var index = IndexOf(observation.ConditionKey);
            if (index >= 0)
            {
                // Stored before tiers existed, or the rules moved it: it takes its place in the ladder.
                if (book.Open[index].Ladder != observation.Ladder || book.Open[index].Rank != observation.Rank)
                {
                    book.Open[index] = book.Open[index] with { Ladder = observation.Ladder, Rank = observation.Rank };
                }

                if (covered)
                {
                    Change(index, book.Open[index] with { State = AlarmState.Resolved, ConditionPresent = false }, AlarmTransitionReason.Superseded, null, now);
                    continue;
                }

                UpdateOpen(index, observation, now);
                var stillOpen = IndexOf(observation.ConditionKey) >= 0;
                handoff |= !stillOpen;
                covered |= stillOpen;
                continue;
            }

            if (covered)
            {
                book.Pending.Remove(observation.ConditionKey);
                continue;
            }

            ObserveNew(observation, now, handoff);
            covered |= IndexOf(observation.ConditionKey) >= 0;
        }
    }

    /// <summary>
    /// Before <paramref name="pending"/> raises: the shallower tiers of its ladder give way (their pending
    /// breaches dropped, their alarm superseded). Returns when escalation counts from: now, or when the
    /// superseded alarm began if nobody had answered it (a condition that deepens unanswered reaches on-call
    /// no later than it would have). Null when a deeper tier's alarm already covers it.
    /// </summary>
    private DateTimeOffset? GiveWayTo(PendingCondition pending, DateTimeOffset now)
    {
        if (pending.Ladder is not { } ladder)
        {
            return now;
        }

        if (book.Open.Any(a => a.Ladder == ladder && a.Rank > pending.Rank))
        {
            return null;
        }

        foreach (var shallower in book.Pending.Values.Where(p => p.Ladder == ladder && p.Rank < pending.Rank).Select(p => p.ConditionKey).ToList())
        {
            book.Pending.Remove(shallower);
        }

        var activeSince = now;
        for (var i = book.Open.Count - 1; i >= 0; i--)
        {
            var superseded = book.Open[i];
            if (superseded.Ladder == ladder && superseded.Rank < pending.Rank)
            {
                if (superseded.State == AlarmState.Active && superseded.ActiveSince < activeSince)
                {
                    activeSince = superseded.ActiveSince;
                }

                Change(i, superseded with { State = AlarmState.Resolved, ConditionPresent = false }, AlarmTransitionReason.Superseded, null, now);
            }
        }

        return activeSince;
    }
}
