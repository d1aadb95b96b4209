using Monitoring.Vitals;

namespace Monitoring.Alarms;

/// <summary>
/// The open alarms of one patient and the rules that raise and resolve them. Plain domain logic:
/// the caller keeps the list and the counter, this class changes them.
/// </summary>
/// <remarks>
/// The walking-skeleton rules: a breach raises an alarm at once, one per condition, and a value
/// back within limits resolves it. Condition delays, hysteresis, latching and acknowledgement come
/// with the full alarm engine.
/// </remarks>
public sealed class PatientAlarmBook(List<Alarm> openAlarms, AlarmCounter counter, string patientId)
{
    public IReadOnlyList<Alarm> OpenAlarms => openAlarms;

    /// <summary>Checks one reading that became the sign's latest value; returns the alarms it changed.</summary>
    public IReadOnlyList<Alarm> Evaluate(Reading reading, AlarmLimits limits, DateTimeOffset now)
    {
        var breach = limits.Check(reading);
        var changes = new List<Alarm>();

        for (var i = openAlarms.Count - 1; i >= 0; i--)
        {
            var alarm = openAlarms[i];
            if (alarm.Kind == AlarmKind.Physiological && alarm.Sign == reading.Sign && alarm.Code != breach?.Code)
            {
                openAlarms.RemoveAt(i);
                changes.Add(alarm with { State = AlarmState.Resolved, Value = reading.Value });
            }
        }

        if (breach is not null && !openAlarms.Exists(a => a.Code == breach.Code))
        {
            var raised = new Alarm(
                AlarmIds.Create(patientId, counter.Next()),
                AlarmKind.Physiological,
                breach.Code,
                reading.Sign,
                breach.Priority,
                AlarmState.Active,
                reading.Value,
                now);
            openAlarms.Add(raised);
            changes.Add(raised);
        }

        return changes;
    }

    /// <summary>Resolves every open alarm (the patient left); returns them as resolved.</summary>
    public IReadOnlyList<Alarm> ResolveAll()
    {
        var resolved = openAlarms.Select(a => a with { State = AlarmState.Resolved }).ToList();
        openAlarms.Clear();
        return resolved;
    }
}
