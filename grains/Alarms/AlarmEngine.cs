namespace Monitoring.Alarms;

/// <summary>
/// The IEC 60601-1-8 alarm lifecycle of one patient, as plain domain logic over an <see cref="AlarmBook"/>:
/// condition delays, hysteresis both ways (a value inside the band neither starts, cancels nor ends a
/// condition), tiers of one condition (one alarm per ladder, the deepest that holds), one alarm per
/// condition, latching of high priority, acknowledgement, re-alarm and escalation.
/// </summary>
/// <remarks>
/// Time comes in as arguments: observations carry the device's clock (a batch that shows a breach
/// lasting the whole delay raises at once), <c>now</c> is ours (a breach that nothing contradicts
/// for the delay holds too). The caller collects the changes with <see cref="TakeTransitions"/>.
/// </remarks>
public sealed partial class AlarmEngine(AlarmBook book, string patientId)
{
    private readonly List<AlarmTransition> _transitions = [];

    public IReadOnlyList<Alarm> OpenAlarms => book.Open;

    /// <summary>
    /// How many breaches have begun to wait out their delay since this engine was made: a caller that sees it
    /// grow knows the book now holds an alarm-to-be that exists nowhere else.
    /// </summary>
    public long PendingStarted { get; private set; }

    /// <summary>Observes a condition that stands alone (a technical one, say).</summary>
    public void Observe(ConditionObservation observation, DateTimeOffset now)
    {
        var index = IndexOf(observation.ConditionKey);
        if (index >= 0)
        {
            UpdateOpen(index, observation, now);
        }
        else
        {
            ObserveNew(observation, now, handoff: false);
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
            // A latched alarm whose condition is gone ends with its acknowledgement; a shallower tier that
            // still holds takes over at once.
            Change(index, book.Open[index] with { State = AlarmState.Resolved }, AlarmTransitionReason.Resolved, actor, now);
            if (alarm.Ladder is { } ladder)
            {
                book.Handoffs.Add(ladder);
            }
        }

        return AcknowledgeOutcome.Acknowledged;
    }

    /// <summary>Forgets the hand-overs that no observation took up (there was no current value to take over).</summary>
    public void ForgetHandoffs() => book.Handoffs.Clear();

    /// <summary>Ends the open alarms (and forgets the pending breaches) that <paramref name="ends"/> picks, for <paramref name="reason"/>.</summary>
    public void ResolveWhere(Func<string, string?, AlarmKind, bool> ends, AlarmTransitionReason reason, DateTimeOffset now)
    {
        foreach (var key in book.Pending.Values.Where(p => ends(p.Code, p.DeviceId, p.Kind)).Select(p => p.ConditionKey).ToList())
        {
            book.Pending.Remove(key);
        }

        for (var i = book.Open.Count - 1; i >= 0; i--)
        {
            var alarm = book.Open[i];
            if (ends(alarm.Code, alarm.DeviceId, alarm.Kind))
            {
                Change(i, alarm with { State = AlarmState.Resolved, ConditionPresent = false }, reason, null, now);
                if (alarm.Ladder is { } ladder)
                {
                    book.Handoffs.Add(ladder); // a shallower tier that still holds takes over at once
                }
            }
        }
    }

    /// <summary>Ends every alarm and forgets pending breaches (the patient left).</summary>
    public void ResolveAll(DateTimeOffset now)
    {
        book.Pending.Clear();
        book.Handoffs.Clear();
        for (var i = book.Open.Count - 1; i >= 0; i--)
        {
            Change(i, book.Open[i] with { State = AlarmState.Resolved, ConditionPresent = false }, AlarmTransitionReason.Resolved, null, now);
        }
    }

    public IReadOnlyList<AlarmTransition> TakeTransitions()
    {
        if (_transitions.Count == 0)
        {
            return [];
        }

        var taken = _transitions.ToList();
        _transitions.Clear();
        return taken;
    }

    private int IndexOf(string conditionKey)
    {
        for (var i = 0; i < book.Open.Count; i++)
        {
            if (book.Open[i].ConditionKey == conditionKey)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A condition with no open alarm: a breach starts (or continues) its delay; only a clear value cancels it.</summary>
    private void ObserveNew(ConditionObservation observation, DateTimeOffset now, bool handoff)
    {
        switch (observation.Status)
        {
            case ConditionStatus.Clear or ConditionStatus.Undetermined:
                // Clear; or the evidence for a breach that never became an alarm is gone.
                book.Pending.Remove(observation.ConditionKey);
                return;
            case ConditionStatus.Recovering:
                // Inside the hysteresis band: a pending breach neither starts nor ends here.
                return;
        }

        var pending = book.Pending.TryGetValue(observation.ConditionKey, out var known)
            ? known with { Value = observation.Value, Priority = observation.Priority, Detail = observation.Detail }
            : PendingCondition.Of(observation, now);
        if (handoff || observation.ObservedAt - pending.BreachObservedAt >= pending.ConditionDelay)
        {
            // Held for its delay; or a deeper tier that held it all along has just ended.
            Raise(pending, now);
        }
        else
        {
            if (!book.Pending.ContainsKey(observation.ConditionKey))
            {
                PendingStarted++;
            }

            book.Pending[observation.ConditionKey] = pending;
        }
    }

    private void UpdateOpen(int index, ConditionObservation observation, DateTimeOffset now)
    {
        var alarm = book.Open[index];
        switch (observation.Status)
        {
            // The alarm shows the latest value; a record is copied only when something in it changes.
            case ConditionStatus.Breaching:
                if (alarm.Value != observation.Value || !alarm.ConditionPresent || (observation.Detail is { } detail && detail != alarm.Detail))
                {
                    book.Open[index] = alarm with { Value = observation.Value, ConditionPresent = true, Detail = observation.Detail ?? alarm.Detail };
                }

                break;
            case ConditionStatus.Clear when alarm.State == AlarmState.Active && alarm.Priority == AlarmPriority.High:
                // High priority latches: it stays until someone acknowledges it.
                if (alarm.Value != observation.Value || alarm.ConditionPresent)
                {
                    book.Open[index] = alarm with { Value = observation.Value, ConditionPresent = false };
                }

                break;
            case ConditionStatus.Clear:
                Change(index, alarm with { State = AlarmState.Resolved, Value = observation.Value, ConditionPresent = false }, AlarmTransitionReason.Resolved, null, now);
                break;
        }
    }

    private void Raise(PendingCondition pending, DateTimeOffset now)
    {
        book.Pending.Remove(pending.ConditionKey);
        if (GiveWayTo(pending, now) is not { } activeSince)
        {
            return; // a deeper tier's alarm already covers it
        }

        var alarm = new Alarm(AlarmIds.Create(patientId, book.Counter.Next()), pending.ConditionKey, pending.Kind, pending.Code,
            pending.Priority, AlarmState.Active, pending.Value, now, activeSince, ConditionPresent: true, Vital: pending.Vital, DeviceId: pending.DeviceId,
            Ladder: pending.Ladder, Rank: pending.Rank, Detail: pending.Detail);
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
}
