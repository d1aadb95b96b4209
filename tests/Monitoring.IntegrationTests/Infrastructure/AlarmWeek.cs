using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.IntegrationTests.Storage;
using Monitoring.Storage;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// A week of a unit's alarms and stays written in the past, as the silo writes them: alarm transitions through
/// the silo's alarm history writer (<see cref="PostgresAlarmHistory"/>, partitions made as it makes them) and
/// admissions and discharges through its census registry. Four beds, twelve conditions, and every fate an alarm
/// can have: ended by itself soon or late, acknowledged, escalated, re-alarmed, superseded, latched; plus alarms
/// just outside the period, one acknowledged after it, and another unit's.
/// </summary>
public sealed class AlarmWeek
{
    public static readonly string[] Beds = ["1", "2", "3", "10"];

    /// <summary>
    /// (code, kind, priority) of the conditions seeded; twelve, so that the top ten leaves some out. The adult
    /// defaults' priorities, but for two this unit made low (a unit sets its own).
    /// </summary>
    public static readonly (string Code, AlarmKind Kind, AlarmPriority Priority)[] Conditions =
    [
        ("hr-high", AlarmKind.Physiological, AlarmPriority.Medium), ("hr-low", AlarmKind.Physiological, AlarmPriority.High),
        ("spo2-low", AlarmKind.Physiological, AlarmPriority.Medium), ("spo2-desat", AlarmKind.Physiological, AlarmPriority.High),
        ("sbp-high", AlarmKind.Physiological, AlarmPriority.Medium), ("sbp-low", AlarmKind.Physiological, AlarmPriority.High),
        ("rr-high", AlarmKind.Physiological, AlarmPriority.Low), ("rr-low", AlarmKind.Physiological, AlarmPriority.High),
        ("temp-high", AlarmKind.Physiological, AlarmPriority.Low), ("sensor-fault", AlarmKind.Technical, AlarmPriority.Medium),
        ("device-offline", AlarmKind.Technical, AlarmPriority.Medium), ("device-clock", AlarmKind.Technical, AlarmPriority.Medium),
    ];

    private readonly List<AlarmHistoryEntry> _entries = [];

    private AlarmWeek(string unit, DateTimeOffset from)
    {
        Unit = unit;
        From = from;
        To = from.AddDays(7);
    }

    public string Unit { get; }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    /// <summary>How many alarms of <see cref="Unit"/> the seed raised in [<see cref="From"/>, <see cref="To"/>).</summary>
    public int RaisedInPeriod { get; private set; }

    /// <summary>Another unit, with alarms and a stay in the same period, that must not count.</summary>
    public string OtherUnit { get; } = WardClient.NewId("unit");

    /// <summary>Writes the week [<paramref name="from"/>, +7 days) of a new unit into the system's database.</summary>
    public static async Task<AlarmWeek> SeedAsync(RunningSystem system, DateTimeOffset from)
    {
        ArgumentNullException.ThrowIfNull(system);
        var week = new AlarmWeek(WardClient.NewId("unit"), from);
        var census = new PostgresCensusRegistry(
            system.Database.ApplicationDataSource, new DatabaseOutage(TimeProvider.System, NullLogger<DatabaseOutage>.Instance), TimeProvider.System,
            NullLogger<PostgresCensusRegistry>.Instance);
        await week.StaysAsync(census);
        week.Alarms();
        var history = new HistoryStore(system.Database).AlarmHistory;
        foreach (var chunk in week._entries.OrderBy(e => e.At).Chunk(200))
        {
            await history.AppendAsync(chunk);
        }

        return week;
    }

    private async Task StaysAsync(PostgresCensusRegistry census)
    {
        async Task StayAsync(string unit, string bed, DateTimeOffset admitted, DateTimeOffset? discharged)
        {
            var patient = WardClient.NewId("p");
            await census.RecordAdmissionAsync(patient, unit, bed, admitted);
            if (discharged is { } at)
            {
                await census.RecordDischargeAsync(patient, at);
            }
        }

        await StayAsync(Unit, "1", From.AddDays(-2), From.AddDays(3));         // began before the period
        await StayAsync(Unit, "1", From.AddDays(3).AddHours(2), To.AddDays(1)); // ends after it
        await StayAsync(Unit, "2", From.AddDays(1), null);                      // still open: runs to the period's end
        await StayAsync(Unit, "3", From.AddDays(-1), From.AddDays(6.5));
        await StayAsync(Unit, "10", From.AddDays(0.5), From.AddDays(2));
        await StayAsync(Unit, "10", From.AddDays(4), From.AddDays(5));
        await StayAsync(Unit, "4", From.AddDays(-3), From.AddDays(-1));        // over before the period: no bed-days
        await StayAsync(OtherUnit, "1", From, To);
    }

    private void Alarms()
    {
        var n = 0;
        for (var day = 0; day < 7; day++)
        {
            for (var b = 0; b < Beds.Length; b++)
            {
                for (var k = 0; k < 2 + ((day + b) % 4); k++)
                {
                    var condition = Conditions[((day * 3) + (b * 5) + (k * 7) + (k * k)) % Conditions.Length];
                    var raisedAt = From.AddDays(day).AddMinutes(((b * 2) + k) * 37).AddSeconds(k * 13);
                    Fate(n, Unit, Beds[b], condition, raisedAt);
                    n++;
                    RaisedInPeriod++;
                }
            }
        }

        // At the edges: raised exactly at 'from' (counts), exactly at 'to' (does not), before the period and
        // escalated and re-alarmed in it (the transitions count, the raise does not), raised just before 'to' and
        // acknowledged after it (counts, with its acknowledgement), raised after the period, and another unit's.
        Fate(0, Unit, "2", Conditions[0], From);
        RaisedInPeriod += 2; // this one, and the one acknowledged after the period
        Fate(0, Unit, "2", Conditions[0], To);
        var before = new Script(this, Unit, "3", Conditions[3], From.AddMinutes(-30));
        before.Escalate(From.AddMinutes(5), 1);
        before.Acknowledge(From.AddMinutes(6));
        before.ReAlarm(From.AddMinutes(8));
        before.Resolve(From.AddMinutes(9), "resolved", null);
        var late = new Script(this, Unit, "10", Conditions[5], To.AddSeconds(-60));
        late.Escalate(To.AddSeconds(-10), 1);
        late.Acknowledge(To.AddMinutes(5));
        late.Resolve(To.AddMinutes(5), "resolved", "nurse-lead-1");
        Fate(1, Unit, "1", Conditions[1], To.AddMinutes(10));
        Fate(3, OtherUnit, "1", Conditions[2], From.AddHours(5));
        Fate(4, OtherUnit, "1", Conditions[2], From.AddHours(6));
    }

    /// <summary>What happens to alarm <paramref name="n"/> after its raise; seven fates in turn.</summary>
    private void Fate(int n, string unit, string bed, (string Code, AlarmKind Kind, AlarmPriority Priority) condition, DateTimeOffset raisedAt)
    {
        var alarm = new Script(this, unit, bed, condition, raisedAt);
        switch (n % 7)
        {
            case 0: // ended by itself well within two minutes
                alarm.Resolve(raisedAt.AddSeconds(20 + (n % 60)), "resolved", null);
                break;
            case 1: // ended by itself, but only after more than two minutes
                alarm.Resolve(raisedAt.AddSeconds(200 + n), "resolved", null);
                break;
            case 2: // acknowledged, then ended
                alarm.Acknowledge(raisedAt.AddSeconds(15 + (n % 100)));
                alarm.Resolve(raisedAt.AddSeconds(400), "resolved", null);
                break;
            case 3: // escalated, then acknowledged
                alarm.Escalate(raisedAt.AddSeconds(60), 1);
                alarm.Acknowledge(raisedAt.AddSeconds(61 + (n % 50)));
                alarm.Resolve(raisedAt.AddSeconds(300), "resolved", null);
                break;
            case 4: // acknowledged, re-alarmed as the condition held, acknowledged again, ended
                alarm.Acknowledge(raisedAt.AddSeconds(20 + (n % 7)));
                alarm.ReAlarm(raisedAt.AddSeconds(140));
                alarm.Acknowledge(raisedAt.AddSeconds(150));
                alarm.Resolve(raisedAt.AddSeconds(200), "resolved", null);
                break;
            case 5: // a deeper tier took over within seconds: ended, but not by itself
                alarm.Resolve(raisedAt.AddSeconds(30), "superseded", null);
                break;
            default: // high priority latched: its acknowledgement ends it
                alarm.Acknowledge(raisedAt.AddSeconds(45 + (n % 30)));
                alarm.Resolve(raisedAt.AddSeconds(45 + (n % 30)), "resolved", "nurse-lead-1");
                break;
        }
    }

    /// <summary>One alarm's transitions, written as the patient grain hands them to the history.</summary>
    private sealed class Script
    {
        private readonly AlarmWeek _week;
        private AlarmView _alarm;
        private int _transitions;

        public Script(AlarmWeek week, string unit, string bed, (string Code, AlarmKind Kind, AlarmPriority Priority) condition, DateTimeOffset raisedAt)
        {
            _week = week;
            var patient = WardClient.NewId("p");
            _alarm = new AlarmView(AlarmIds.Create(patient, 1), patient, unit, bed, condition.Kind, condition.Code, condition.Priority, AlarmState.Active,
                100, raisedAt, null, null, Escalated: false);
            Add(null, "raised", null, raisedAt);
        }

        public void Acknowledge(DateTimeOffset at) =>
            Change(_alarm with { State = AlarmState.Acknowledged, AcknowledgedBy = "nurse-1", AcknowledgedAt = at }, "acknowledged", "nurse-1", at);

        public void Escalate(DateTimeOffset at, int level) => Change(_alarm with { EscalationLevel = level, Escalated = true }, "escalated", null, at);

        public void ReAlarm(DateTimeOffset at) =>
            Change(_alarm with { State = AlarmState.Active, AcknowledgedBy = null, AcknowledgedAt = null, EscalationLevel = 0, Escalated = false }, "re-alarmed", null, at);

        public void Resolve(DateTimeOffset at, string reason, string? actor) => Change(_alarm with { State = AlarmState.Resolved }, reason, actor, at);

        private void Change(AlarmView changed, string reason, string? actor, DateTimeOffset at)
        {
            var from = _alarm.State;
            _alarm = changed;
            Add(from, reason, actor, at);
        }

        private void Add(AlarmState? from, string reason, string? actor, DateTimeOffset at) =>
            _week._entries.Add(new AlarmHistoryEntry($"{_alarm.AlarmId}#{++_transitions}", _alarm, from, reason, actor, at, null));
    }
}
