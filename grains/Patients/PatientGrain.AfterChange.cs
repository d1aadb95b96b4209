using System.Collections.Immutable;
using System.Diagnostics;
using Monitoring.Alarms;
using Monitoring.News2;
using Monitoring.Push;
using Monitoring.Storage;
using Monitoring.Telemetry;

namespace Monitoring.Patients;

/// <summary>
/// What a patient does after each change: push it to dashboards, keep the alarm history through the
/// snapshot's outbox, and keep the alarm clock (timer and reminder) running while something waits on time.
/// </summary>
internal sealed partial class PatientGrain
{
    /// <summary>
    /// After every change: push what changed (alarms first, they must not wait), keep the snapshot
    /// and the history, and run the alarm clock while something waits on time.
    /// </summary>
    private async Task<IReadOnlyList<AlarmTransition>> AfterChangeAsync(bool pushVitals = false)
    {
        var transitions = Monitor.TakeTransitions();
        if (State.IsAdmitted && (transitions.Count > 0 || pushVitals))
        {
            await PublishAsync(transitions, pushVitals);
        }

        if (transitions.Count > 0)
        {
            Measure(transitions);
            var traceId = Activity.Current?.TraceId.ToString();
            State.HistoryOutbox.AddRange(transitions.Select(t => ToHistory(t, traceId)));

            // Written before the device hears "accepted" (while the database answers); vitals alone
            // wait for the snapshot timer.
            await SaveOrDeferAsync();
        }

        await FlushHistoryAsync();
        await KeepAlarmClockAsync();
        return transitions;
    }

    private Task PublishAsync(IReadOnlyList<AlarmTransition> transitions, bool pushVitals)
    {
        var (unitId, bed) = (State.UnitId!, State.Bed!);
        if (pushVitals)
        {
            push.Queue(new VitalsUpdate(PatientId, unitId, bed, LatestVitals(), News2Summary.Of(Monitor.LatestNews2)));
        }

        if (transitions.Count == 0)
        {
            return Task.CompletedTask;
        }

        var alarms = transitions.Select(t => t.Alarm.ToView(PatientId, unitId, bed)).ToImmutableArray();
        var escalations = transitions.Where(t => t.Reason == AlarmTransitionReason.Escalated).Select(t => t.Alarm.ToView(PatientId, unitId, bed)).ToImmutableArray();
        return push.SendNowAsync(alarms, escalations);
    }

    private static void Measure(IReadOnlyList<AlarmTransition> transitions)
    {
        foreach (var transition in transitions)
        {
            var alarm = transition.Alarm;
            if (transition.Reason == AlarmTransitionReason.Raised)
            {
                MonitoringTelemetry.AlarmsRaised.Add(1, new("priority", AlarmWords.Of(alarm.Priority)), new("kind", AlarmWords.Of(alarm.Kind)));
            }
            else if (transition.Reason == AlarmTransitionReason.Acknowledged)
            {
                MonitoringTelemetry.TimeToAcknowledge.Record((transition.At - alarm.RaisedAt).TotalSeconds, new KeyValuePair<string, object?>("priority", AlarmWords.Of(alarm.Priority)));
            }
        }
    }

    private AlarmHistoryEntry ToHistory(AlarmTransition transition, string? traceId) =>
        new(transition.Key, transition.Alarm.ToView(PatientId, State.UnitId ?? "", State.Bed ?? ""), transition.From,
            AlarmWords.Of(transition.Reason), transition.Actor, transition.At, traceId);

    private async Task FlushHistoryAsync()
    {
        if (State.HistoryOutbox.Count == 0)
        {
            return;
        }

        AlarmHistoryEntry[] entries = [.. State.HistoryOutbox];
        try
        {
            // Put off while PostgreSQL is out: kept in the snapshot's outbox and written on a later tick.
            if (await _historyWrites.TryAsync(() => history.AppendAsync(entries)))
            {
                State.HistoryOutbox.RemoveRange(0, entries.Length);
                MarkVitalsUnsaved(); // the emptied outbox reaches storage with the next snapshot
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not an outage, but the alarm itself has gone out: kept for a later attempt all the same.
            MonitoringTelemetry.DatabaseFailures.Add(1, new KeyValuePair<string, object?>("write", "alarm_history"));
            LogHistoryDeferred(exception, State.HistoryOutbox.Count);
        }
    }

    /// <summary>
    /// How far ahead the alarm clock's timer looks. Something due later (NEWS2 going stale in an hour) is
    /// left to the reminder, which fires every minute and starts the timer once it comes this close.
    /// </summary>
    private static readonly TimeSpan TimerHorizon = TimeSpan.FromMinutes(2);

    private async Task KeepAlarmClockAsync()
    {
        var dueAt = Monitor.NextDueAt;
        var needed = dueAt is not null || State.HistoryOutbox.Count > 0;
        var timerNeeded = State.HistoryOutbox.Count > 0 || dueAt - time.GetUtcNow() <= TimerHorizon;
        if (timerNeeded && _alarmClock is null)
        {
            var period = clockOptions.Value.TickInterval;
            _alarmClock = this.RegisterGrainTimer(OnAlarmClockAsync, period, period);
        }
        else if (!timerNeeded && _alarmClock is not null)
        {
            _alarmClock.Dispose();
            _alarmClock = null;
        }

        // The reminders live in PostgreSQL: while it is out (or stalls) the timer keeps the clock for this
        // activation, and a later turn registers the reminder. Never fail a reading for it.
        if (needed != _reminderRegistered && await _reminderWrites.TryAsync(() => ChangeReminderAsync(needed)))
        {
            _reminderRegistered = needed;
        }
    }

    private async Task ChangeReminderAsync(bool needed)
    {
        if (needed)
        {
            await this.RegisterOrUpdateReminder(AlarmClockReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        else if (await this.GetReminder(AlarmClockReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task OnAlarmClockAsync(CancellationToken cancellationToken)
    {
        await AfterChangeAsync(pushVitals: Monitor.Tick());
    }
}
