namespace Monitoring.Alarms;

/// <summary>What the alarm manager (IHE PCD-05) reports of an alarm, and the escalation of one it could not get to anyone.</summary>
public sealed partial class AlarmEngine
{
    /// <summary>
    /// Keeps what the alarm manager reports of an open alarm (not a transition: the alarm's state is the same),
    /// unless it is about an earlier activation, or says a device failed while someone already has the alarm.
    /// The alarm as it now is, or null when it is no longer open.
    /// </summary>
    public Alarm? RecordDissemination(string alarmId, AlarmDissemination report)
    {
        var index = book.Open.FindIndex(a => a.AlarmId == alarmId);
        if (index < 0)
        {
            return null;
        }

        var alarm = book.Open[index];
        if (alarm.ActiveSince - report.At > ManagerClockTolerance || (report.Failed && alarm.Dissemination is { ReachedSomeone: true }))
        {
            // About an earlier activation (a late report after it alarmed again); or a failure on one device while
            // another already has it: the alarm keeps what it knows.
            return alarm;
        }

        return book.Open[index] = alarm with { Dissemination = report };
    }

    /// <summary>
    /// The alarm manager has not got an alarm to anyone (it said so, or did not say it had in time): an alarm
    /// that escalates under the unit's policy goes to on-call now, as if its window had passed. It brings the
    /// first escalation forward, once: nothing happens when the alarm is already with on-call (the unit's window,
    /// or an earlier report, took it there; its window takes it further), is no longer active, has reached
    /// someone since, or alarmed again after <paramref name="activeSince"/> (that activation has a deadline of its own).
    /// </summary>
    public bool EscalateUndelivered(string alarmId, DateTimeOffset activeSince, UnitAlarmPolicy policy, DateTimeOffset now)
    {
        var index = book.Open.FindIndex(a => a.AlarmId == alarmId);
        if (index < 0)
        {
            return false;
        }

        var alarm = book.Open[index];
        // Stored times keep microseconds, ours ticks: an activation later than the one asked about by more than that is another.
        if (!Escalates(alarm, policy) || alarm.EscalationLevel > 0 || alarm.ActiveSince - activeSince > StoredTimePrecision
            || alarm.Dissemination is { ReachedSomeone: true })
        {
            return false;
        }

        Change(index, alarm with { EscalationLevel = 1 }, AlarmTransitionReason.Escalated, UndeliveredActor, now);
        return true;
    }

    private static readonly TimeSpan StoredTimePrecision = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How far the alarm manager's clock may lag ours before its report counts as older than the activation. A
    /// re-alarm comes the unit's re-alarm time after an acknowledgement, minutes, so a report of the activation
    /// before lies well beyond this.
    /// </summary>
    private static readonly TimeSpan ManagerClockTolerance = TimeSpan.FromSeconds(10);

    /// <summary>The actor of an escalation the alarm manager's failure to deliver caused.</summary>
    public const string UndeliveredActor = "alarm-manager";
}
