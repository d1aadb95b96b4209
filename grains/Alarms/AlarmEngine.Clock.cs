namespace Monitoring.Alarms;

/// <summary>What the passing of time does to the alarms: delays that run out, re-alarms after an acknowledgement, escalation.</summary>
public sealed partial class AlarmEngine
{
    /// <summary>Acts on the passing of time: delays that ran out (deepest tier first), re-alarms and escalations.</summary>
    public void Tick(UnitAlarmPolicy policy, DateTimeOffset now)
    {
        if (book.Pending.Count > 0)
        {
            foreach (var pending in DeepestFirst(DelayRunOut(now)))
            {
                if (book.Pending.ContainsKey(pending.ConditionKey))
                {
                    Raise(pending, now);
                }
            }
        }

        for (var i = 0; i < book.Open.Count; i++)
        {
            var alarm = book.Open[i];
            if (alarm.State == AlarmState.Acknowledged && alarm.ConditionPresent && now - alarm.AcknowledgedAt >= policy.ReAlarmAfter)
            {
                Change(i, alarm with { State = AlarmState.Active, ActiveSince = now, AcknowledgedBy = null, AcknowledgedAt = null, EscalationLevel = 0, Dissemination = null },
                    AlarmTransitionReason.ReAlarmed, null, now);
            }
            else if (EscalationLevelDue(alarm, policy, now) is { } level && level > alarm.EscalationLevel)
            {
                Change(i, alarm with { EscalationLevel = level }, AlarmTransitionReason.Escalated, null, now);
            }
        }
    }

    /// <summary>The earliest time <see cref="Tick"/> has something to do, or null when nothing waits on the clock.</summary>
    public DateTimeOffset? NextDueAt(UnitAlarmPolicy policy)
    {
        DateTimeOffset? due = null;
        foreach (var pending in book.Pending.Values)
        {
            due = Earlier(due, pending.PendingSince + pending.ConditionDelay);
        }

        foreach (var alarm in book.Open)
        {
            if (alarm.State == AlarmState.Acknowledged && alarm.ConditionPresent)
            {
                due = Earlier(due, alarm.AcknowledgedAt + policy.ReAlarmAfter);
            }
            else if (Escalates(alarm, policy) && alarm.EscalationLevel < UnitAlarmPolicy.MaxEscalationLevel)
            {
                due = Earlier(due, alarm.ActiveSince + (policy.EscalationWindow * (alarm.EscalationLevel + 1)));
            }
        }

        return due;

        static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
    }

    /// <summary>The pending conditions whose delay has run out by <paramref name="now"/>, or none.</summary>
    private List<PendingCondition> DelayRunOut(DateTimeOffset now)
    {
        List<PendingCondition>? due = null;
        foreach (var pending in book.Pending.Values)
        {
            if (now - pending.PendingSince >= pending.ConditionDelay)
            {
                (due ??= []).Add(pending);
            }
        }

        return due ?? NoneDue;
    }

    /// <summary>Deepest tier first; equal ranks keep their order (a stable sort, as OrderByDescending was).</summary>
    private static List<PendingCondition> DeepestFirst(List<PendingCondition> due)
    {
        for (var i = 1; i < due.Count; i++)
        {
            var pending = due[i];
            var j = i - 1;
            for (; j >= 0 && due[j].Rank < pending.Rank; j--)
            {
                due[j + 1] = due[j];
            }

            due[j + 1] = pending;
        }

        return due;
    }

    private static readonly List<PendingCondition> NoneDue = [];

    private static bool Escalates(Alarm alarm, UnitAlarmPolicy policy) =>
        alarm.State == AlarmState.Active && (alarm.Priority == AlarmPriority.High || (alarm.Priority == AlarmPriority.Medium && policy.EscalateMedium));

    private static int? EscalationLevelDue(Alarm alarm, UnitAlarmPolicy policy, DateTimeOffset now)
    {
        if (!Escalates(alarm, policy) || policy.EscalationWindow <= TimeSpan.Zero)
        {
            return null;
        }

        var windows = (int)Math.Min(UnitAlarmPolicy.MaxEscalationLevel, Math.Floor((now - alarm.ActiveSince) / policy.EscalationWindow));
        return windows;
    }
}
