using System.Diagnostics;
using Monitoring.Alarms;
using Monitoring.News2;
using Monitoring.Push;
using Monitoring.Telemetry;

namespace Monitoring.Patients;

/// <summary>What a patient does after each change, in order; each step is a class of its own.</summary>
internal sealed partial class PatientGrain
{
    /// <summary>
    /// After every change: push what changed (alarms first, they must not wait); if alarms changed, put
    /// them in the history outbox, save the snapshot and write the outbox; keep the alarm clock running
    /// while something waits on time. The outbox is otherwise retried by the clock's timer
    /// (<paramref name="retryHistory"/>), not by every reading.
    /// </summary>
    /// <remarks>
    /// A breach that has begun to wait out its delay is saved at once too, whatever began it (a reading, a
    /// device gone silent, a clock found wrong, the alarm clock's tick): it is an alarm-to-be that lives only
    /// in this activation until written. Saved before the caller hears back, so that losing the activation (a
    /// silo leaving, or its snapshot found overwritten, which fails the call and has a device send again)
    /// cannot lose it.
    /// </remarks>
    private async Task<IReadOnlyList<AlarmTransition>> AfterChangeAsync(bool pushVitals = false, bool retryHistory = false)
    {
        var transitions = Monitor.TakeTransitions();
        var delayBegun = TakeDelaysBegun();
        // An alarm's change is always on record (MonitoringSampler), its push to the api hosts under it.
        using var span = transitions.Count > 0 ? MonitoringTelemetry.Source.StartActivity(MonitoringTelemetry.AlarmSpan) : null;
        span?.SetTag("monitoring.transitions", transitions.Count);
        if (State.IsAdmitted && (transitions.Count > 0 || pushVitals))
        {
            var vitals = pushVitals ? new VitalsUpdate(PatientId, State.UnitId!, State.Bed!, LatestVitals(), News2Summary.Of(Monitor.LatestNews2)) : null;
            await _push.PublishAsync(PatientId, State.UnitId!, State.Bed!, transitions, vitals);
        }

        if (transitions.Count > 0)
        {
            // The watchdog's synthetic alarms are not the wards': they have metrics of their own (monitoring.watchdog.*).
            if (!Monitoring.Watchdog.SyntheticBeds.IsSynthetic(State.UnitId))
            {
                AlarmMetrics.Record(transitions);
            }
            var traceId = Activity.Current?.TraceId.ToString();
            _historyOutbox.Add(transitions.Select(t => ToHistory(t, traceId)));
        }

        if (transitions.Count > 0 || delayBegun)
        {
            // Written before the device hears "accepted" (while the database answers); vitals alone
            // wait for the snapshot timer.
            await SaveOrDeferAsync();
        }

        if ((transitions.Count > 0 || retryHistory) && await _historyOutbox.TryFlushAsync())
        {
            MarkVitalsUnsaved(); // the emptied outbox reaches storage with the next snapshot
        }

        await _alarmClock.KeepAsync(Monitor.NextDueAt, writesPending: _historyOutbox.Count > 0);
        return transitions;
    }

    /// <summary>Whether a breach has begun to wait out its delay since the last look (the monitor counts them; discharge makes a new one).</summary>
    private bool TakeDelaysBegun()
    {
        var begun = Monitor.PendingStarted != _delaysSeen;
        _delaysSeen = Monitor.PendingStarted;
        return begun;
    }

    private AlarmHistoryEntry ToHistory(AlarmTransition transition, string? traceId) =>
        new(transition.Key, transition.Alarm.ToView(PatientId, State.UnitId ?? "", State.Bed ?? ""), transition.From,
            AlarmWords.Of(transition.Reason), transition.Actor, transition.At, traceId);

    /// <summary>The alarm clock's timer (and its reminder, after a lost silo): time-driven changes, and the history outbox retried.</summary>
    private async Task OnAlarmClockAsync(CancellationToken cancellationToken) =>
        await AfterChangeAsync(pushVitals: Monitor.Tick(), retryHistory: true);
}
