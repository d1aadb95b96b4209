using System.Collections.Immutable;
using Monitoring.Alarms;
using Monitoring.Push;

namespace Monitoring.Patients;

/// <summary>
/// What a patient sends to the dashboards after a change: its vitals (batched by the silo's outbox) and
/// every alarm change at once, escalations also to on-call.
/// </summary>
internal sealed class PatientPush(IPushOutbox push)
{
    public Task PublishAsync(string patientId, string unitId, string bed, IReadOnlyList<AlarmTransition> transitions, VitalsUpdate? vitals)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        if (vitals is not null)
        {
            push.Queue(vitals);
        }

        if (transitions.Count == 0)
        {
            return Task.CompletedTask;
        }

        var alarms = transitions.Select(t => t.Alarm.ToView(patientId, unitId, bed)).ToImmutableArray();
        var escalations = transitions.Where(t => t.Reason == AlarmTransitionReason.Escalated).Select(t => t.Alarm.ToView(patientId, unitId, bed)).ToImmutableArray();
        return push.SendNowAsync(alarms, escalations);
    }

    /// <summary>An alarm that changed without a transition (the alarm manager's report on it), at once.</summary>
    public Task PublishAlarmAsync(AlarmView alarm) => push.SendNowAsync([alarm], []);

    /// <summary>
    /// A patient moved to another unit: its open alarms go out at once with their new unit and bed, so the new
    /// unit's central station has them (and the old unit's watchers are let go) without waiting for their next change.
    /// </summary>
    public Task PublishMovedAsync(string patientId, string unitId, string bed, IReadOnlyList<Alarm> openAlarms, VitalsUpdate vitals)
    {
        ArgumentNullException.ThrowIfNull(openAlarms);
        push.Queue(vitals);
        return openAlarms.Count == 0
            ? Task.CompletedTask
            : push.SendNowAsync([.. openAlarms.Select(a => a.ToView(patientId, unitId, bed))], []);
    }
}
