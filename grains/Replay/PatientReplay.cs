using System.Collections.Immutable;
using Monitoring.Alarms;
using Monitoring.Patients;

namespace Monitoring.Replay;

/// <summary>
/// One patient's stored history run again through <see cref="PatientMonitor"/>, the class the patient grain runs, under
/// rules of our choosing, on a clock of its own: each batch is taken at the moment it arrived, and the clock stops at
/// every moment the grain's alarm clock would have woken it in between (a delay running out, a re-alarm, NEWS2 going
/// stale). Nurses' acknowledgements are taken from the history too: each at the moment it was made, of the alarm of
/// the same condition if one is open then. Nothing of the live patient is touched.
/// </summary>
/// <remarks>
/// Only physiological alarms are kept: the limits, delays and hysteresis a proposal changes decide those. Technical
/// conditions that live outside the readings (a device falling silent, a device unbound) are not replayed.
/// </remarks>
public sealed class PatientReplay
{
    private const string Actor = "replay";
    private readonly ReplayClock _clock;
    private readonly PatientMonitor _monitor;
    private readonly string _patientId;
    private readonly string _bed;
    private readonly List<ReplayedAlarm> _alarms = [];
    private readonly Dictionary<string, int> _openByAlarmId = new(StringComparer.Ordinal);

    /// <param name="policy">The unit's policy with the rules to replay.</param>
    /// <param name="overrides">The patient's own changes laid over the unit's rules.</param>
    public PatientReplay(string patientId, string bed, UnitAlarmPolicy policy, ImmutableArray<AlarmRuleOverride> overrides, int spO2Scale,
        TimeSpan news2MaxAge, DateTimeOffset start)
    {
        _patientId = patientId;
        _bed = bed;
        _clock = new ReplayClock(start);
        var state = new PatientState { UnitPolicy = policy, LimitOverrides = [.. overrides], SpO2Scale = spO2Scale };
        _monitor = new PatientMonitor(state, patientId, _clock, news2MaxAge);
    }

    /// <summary>The physiological alarms raised so far, in the order they were raised.</summary>
    public IReadOnlyList<ReplayedAlarm> Alarms => _alarms;

    /// <summary>The patient's monitor takes a stored batch at the moment it arrived.</summary>
    public void Take(StoredBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        RunUntil(batch.ReceivedAt);
        _monitor.Record(batch.DeviceId, batch.Readings.AsSpan());
        Collect();
    }

    /// <summary>A nurse acknowledges the open alarm of the condition, if there is one.</summary>
    public void Take(StoredAcknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        RunUntil(acknowledgement.At);
        if (_monitor.OpenAlarms.FirstOrDefault(a => a.Code == acknowledgement.Code && a.State == AlarmState.Active) is { } alarm)
        {
            _monitor.Acknowledge(alarm.AlarmId, Actor);
            Collect();
        }
    }

    /// <summary>Lets the clock run to <paramref name="end"/> (the end of the period, or the discharge), waking when the grain would have.</summary>
    public void RunUntil(DateTimeOffset end)
    {
        // Each wake-up moves the clock forward; one that would not (a due time already passed) is taken at the
        // event's moment instead, so the loop always ends.
        while (_monitor.NextDueAt is { } due && due <= end && due > _clock.Now)
        {
            _clock.MoveTo(due);
            _monitor.Tick();
            Collect();
        }

        _clock.MoveTo(end);
        if (_monitor.NextDueAt is { } late && late <= end)
        {
            _monitor.Tick();
            Collect();
        }
    }

    private void Collect()
    {
        foreach (var transition in _monitor.TakeTransitions())
        {
            var alarm = transition.Alarm;
            if (alarm.Kind != AlarmKind.Physiological)
            {
                continue;
            }

            if (transition.Reason == AlarmTransitionReason.Raised)
            {
                _openByAlarmId[alarm.AlarmId] = _alarms.Count;
                _alarms.Add(new ReplayedAlarm(_patientId, _bed, alarm.Code, alarm.Priority, transition.At));
            }
            else if (alarm.State == AlarmState.Resolved && _openByAlarmId.Remove(alarm.AlarmId, out var index))
            {
                _alarms[index] = _alarms[index] with { EndedAt = transition.At };
            }
        }
    }
}
