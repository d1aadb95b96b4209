namespace Monitoring.Alarms;

/// <summary>
/// The IEC 60601-1-8 alarm lifecycle of one patient, as plain domain logic over an <see cref="AlarmBook"/>:
/// condition delays, hysteresis (by way of <see cref="ConditionStatus.Recovering"/>), one alarm per
/// condition, latching of high priority, acknowledgement, re-alarm and escalation.
/// </summary>
/// <remarks>
/// Time comes in as arguments: observations carry the device's clock (a batch that shows a breach
/// lasting the whole delay raises at once), <c>now</c> is ours (a breach that nothing contradicts
/// for the delay holds too). The caller collects the changes with <see cref="TakeTransitions"/>.
/// </remarks>
public sealed class AlarmEngine(AlarmBook book, string patientId)
{
    private readonly List<AlarmTransition> _transitions = [];

    public IReadOnlyList<Alarm> OpenAlarms => book.Open;

    public void Observe(ConditionObservation observation, DateTimeOffset now)
    {
        var index = book.Open.FindIndex(a => a.ConditionKey == observation.ConditionKey);
        if (index >= 0)
        {
            UpdateOpen(index, observation, now);
            return;
        }

        if (observation.Status != ConditionStatus.Breaching)
        {
            // The breach did not hold for its delay: it raises nothing.
            book.Pending.Remove(observation.ConditionKey);
            return;
        }

        if (!book.Pending.TryGetValue(observation.ConditionKey, out var pending))
        {
            pending = new PendingCondition(observation.ConditionKey, observation.Code, observation.Kind, observation.Priority,
                observation.Value, observation.ObservedAt, now, observation.ConditionDelay, observation.Vital, observation.DeviceId);
        }

        pending = pending with { Value = observation.Value, Priority = observation.Priority };
        if (observation.ObservedAt - pending.BreachObservedAt >= pending.ConditionDelay)
        {
            Raise(pending, now);
        }
        else
        {
            book.Pending[observation.ConditionKey] = pending;
        }
    }

    /// <summary>Acts on the passing of time: delays that ran out, re-alarms and escalations.</summary>
    public void Tick(UnitAlarmPolicy policy, DateTimeOffset now)
    {
        foreach (var pending in book.Pending.Values.Where(p => now - p.PendingSince >= p.ConditionDelay).ToList())
        {
            Raise(pending, now);
        }

        for (var i = 0; i < book.Open.Count; i++)
        {
            var alarm = book.Open[i];
            if (alarm.State == AlarmState.Acknowledged && alarm.ConditionPresent && now - alarm.AcknowledgedAt >= policy.ReAlarmAfter)
            {
                Change(i, alarm with { State = AlarmState.Active, ActiveSince = now, AcknowledgedBy = null, AcknowledgedAt = null, EscalationLevel = 0 },
                    AlarmTransitionReason.ReAlarmed, null, now);
            }
            else if (EscalationLevelDue(alarm, policy, now) is { } level && level > alarm.EscalationLevel)
            {
                Change(i, alarm with { EscalationLevel = level }, AlarmTransitionReason.Escalated, null, now);
            }
        }
    }

    public AcknowledgeOutcome Acknowledge(string alarmId, string actor, DateTimeOffset now)
    {
        var index = book.Open.FindIndex(a => a.AlarmId == alarmId);
        if (index < 0)
        {
            return AcknowledgeOutcome.NotFound;
        }

        var alarm = book.Open[index];
        if (alarm.State == AlarmState.Acknowledged)
        {
            return AcknowledgeOutcome.AlreadyAcknowledged;
        }

        Change(index, alarm with { State = AlarmState.Acknowledged, AcknowledgedBy = actor, AcknowledgedAt = now }, AlarmTransitionReason.Acknowledged, actor, now);
        if (!alarm.ConditionPresent)
        {
            // A latched alarm whose condition is gone ends with its acknowledgement.
            Change(index, book.Open[index] with { State = AlarmState.Resolved }, AlarmTransitionReason.Resolved, actor, now);
        }

        return AcknowledgeOutcome.Acknowledged;
    }

    /// <summary>Ends every alarm and forgets pending breaches (the patient left).</summary>
    public void ResolveAll(DateTimeOffset now)
    {
        book.Pending.Clear();
        for (var i = book.Open.Count - 1; i >= 0; i--)
        {
            Change(i, book.Open[i] with { State = AlarmState.Resolved, ConditionPresent = false }, AlarmTransitionReason.Resolved, null, now);
        }
    }

    /// <summary>The earliest time <see cref="Tick"/> has something to do, or null when nothing waits on the clock.</summary>
    public DateTimeOffset? NextDueAt(UnitAlarmPolicy policy)
    {
        var due = book.Pending.Values.Select(p => (DateTimeOffset?)(p.PendingSince + p.ConditionDelay));
        foreach (var alarm in book.Open)
        {
            if (alarm.State == AlarmState.Acknowledged && alarm.ConditionPresent)
            {
                due = due.Append(alarm.AcknowledgedAt + policy.ReAlarmAfter);
            }
            else if (Escalates(alarm, policy) && alarm.EscalationLevel < UnitAlarmPolicy.MaxEscalationLevel)
            {
                due = due.Append(alarm.ActiveSince + (policy.EscalationWindow * (alarm.EscalationLevel + 1)));
            }
        }

        return due.Min();
    }

    public IReadOnlyList<AlarmTransition> TakeTransitions()
    {
        var taken = _transitions.ToList();
        _transitions.Clear();
        return taken;
    }

    private void UpdateOpen(int index, ConditionObservation observation, DateTimeOffset now)
    {
        var alarm = book.Open[index];
        switch (observation.Status)
        {
            case ConditionStatus.Breaching:
                book.Open[index] = alarm with { Value = observation.Value, ConditionPresent = true };
                break;
            case ConditionStatus.Clear when alarm.State == AlarmState.Active && alarm.Priority == AlarmPriority.High:
                // High priority latches: it stays until someone acknowledges it.
                book.Open[index] = alarm with { Value = observation.Value, ConditionPresent = false };
                break;
            case ConditionStatus.Clear:
                Change(index, alarm with { State = AlarmState.Resolved, Value = observation.Value, ConditionPresent = false }, AlarmTransitionReason.Resolved, null, now);
                break;
        }
    }

    private void Raise(PendingCondition pending, DateTimeOffset now)
    {
        book.Pending.Remove(pending.ConditionKey);
        var alarm = new Alarm(AlarmIds.Create(patientId, book.Counter.Next()), pending.ConditionKey, pending.Kind, pending.Code,
            pending.Priority, AlarmState.Active, pending.Value, now, now, ConditionPresent: true, Vital: pending.Vital, DeviceId: pending.DeviceId);
        book.Open.Add(alarm);
        _transitions.Add(new AlarmTransition(alarm, null, AlarmTransitionReason.Raised, null, now));
    }

    private void Change(int index, Alarm changed, AlarmTransitionReason reason, string? actor, DateTimeOffset now)
    {
        var from = book.Open[index].State;
        changed = changed with { Transitions = changed.Transitions + 1 };
        if (changed.State == AlarmState.Resolved)
        {
            book.Open.RemoveAt(index);
        }
        else
        {
            book.Open[index] = changed;
        }

        _transitions.Add(new AlarmTransition(changed, from, reason, actor, now));
    }

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
