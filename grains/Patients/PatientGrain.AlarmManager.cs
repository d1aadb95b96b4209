using Monitoring.Alarms;

namespace Monitoring.Patients;

/// <summary>What the alarm manager (nurse call, pagers; IHE PCD-05) reports of the patient's alarms, and its delivery deadline.</summary>
internal sealed partial class PatientGrain
{
    public async Task<AlarmView?> RecordDisseminationAsync(string alarmId, AlarmDissemination report)
    {
        if (!State.IsAdmitted || Monitor.RecordDissemination(alarmId, report) is not { } alarm)
        {
            return null;
        }

        if (report.Failed)
        {
            // Nobody has it: the next escalation level now, not when the unit's window has passed.
            Monitor.EscalateUndelivered(alarmId, alarm.ActiveSince);
        }

        if ((await AfterChangeAsync()).Count == 0)
        {
            await _push.PublishAlarmAsync(alarm.ToView(PatientId, State.UnitId!, State.Bed!));
            await SaveOrDeferAsync();
        }

        return Monitor.OpenAlarms.FirstOrDefault(a => a.AlarmId == alarmId)?.ToView(PatientId, State.UnitId!, State.Bed!)
            ?? alarm.ToView(PatientId, State.UnitId!, State.Bed!);
    }

    public async Task<bool> EscalateUndeliveredAsync(string alarmId, DateTimeOffset activeSince)
    {
        if (!State.IsAdmitted || !Monitor.EscalateUndelivered(alarmId, activeSince))
        {
            return false;
        }

        await AfterChangeAsync();
        return true;
    }
}
