using Microsoft.Extensions.Time.Testing;
using Monitoring.Alarms;
using Monitoring.Patients;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Alarms;

/// <summary>One patient on a unit with the default policy, a device, and a clock the test moves.</summary>
internal sealed class Ward
{
    public const string Device = "dev-1";

    public Ward(UnitAlarmPolicy? policy = null)
    {
        State = new PatientState { UnitId = "icu", Bed = "1", UnitPolicy = policy ?? UnitAlarmPolicy.Default, Devices = [Device] };
        Monitor = new PatientMonitor(State, "p-1", Clock, TimeSpan.FromHours(1));
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    public PatientState State { get; }

    public PatientMonitor Monitor { get; }

    public List<AlarmTransition> Transitions { get; } = [];

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>The device sends these values, measured now.</summary>
    public Ward Reads(params (VitalSign Sign, double Value)[] values)
    {
        Monitor.Record(Device, values.Select(v => new Reading(v.Sign, v.Value, Now)));
        Collect();
        return this;
    }

    /// <summary>Another device bound to the same patient sends these values, measured now.</summary>
    public Ward ReadsFrom(string device, params (VitalSign Sign, double Value)[] values)
    {
        State.Devices.Add(device);
        Monitor.Record(device, values.Select(v => new Reading(v.Sign, v.Value, Now)));
        Collect();
        return this;
    }

    /// <summary>A nurse enters these observations (consciousness, air or oxygen, any vital), made now.</summary>
    public Ward Observes(params (VitalSign Sign, double Value)[] values)
    {
        Monitor.Record(null, values.Select(v => new Reading(v.Sign, v.Value, Now)));
        Collect();
        return this;
    }

    /// <summary>The patient's own limits change and are put in force.</summary>
    public Ward Limits(params AlarmRuleOverride[] overrides)
    {
        Monitor.SetLimits(overrides);
        Monitor.ApplyRules();
        Collect();
        return this;
    }

    /// <summary>The patient is moved to a unit with this policy, which is put in force (as <c>PatientGrain.AdmitAsync</c> does).</summary>
    public Ward MovesTo(UnitAlarmPolicy policy)
    {
        Monitor.SetPolicy(policy);
        Monitor.ApplyRules();
        Collect();
        return this;
    }

    /// <summary>Time passes and the alarm clock ticks.</summary>
    public Ward After(double seconds)
    {
        Clock.Advance(TimeSpan.FromSeconds(seconds));
        Monitor.Tick();
        Collect();
        return this;
    }

    public Alarm? Open(string code) => Monitor.OpenAlarms.SingleOrDefault(a => a.Code == code);

    /// <summary>The codes of the open alarms, in the order they were raised.</summary>
    public IEnumerable<string> OpenCodes => Monitor.OpenAlarms.Select(a => a.Code);

    /// <summary>The codes of the open alarms about vital signs' limits (NEWS2's own alarms left out).</summary>
    public IEnumerable<string> LimitCodes => OpenCodes.Where(c => !c.StartsWith("news2-", StringComparison.Ordinal));

    public IEnumerable<AlarmTransition> TransitionsOf(string code) => Transitions.Where(t => t.Alarm.Code == code);

    public AcknowledgeOutcome Acknowledge(string code, string by = "nurse-1")
    {
        var outcome = Monitor.Acknowledge(Open(code)!.AlarmId, by);
        Collect();
        return outcome;
    }

    /// <summary>The alarm manager reports on the open alarm of <paramref name="code"/> (PCD-05), now.</summary>
    public Ward Paged(string code, DisseminationStatus status, string recipient = "Dr Berg")
    {
        Monitor.RecordDissemination(Open(code)!.AlarmId, new AlarmDissemination(status, recipient, "pager 4711", Now));
        return this;
    }

    /// <summary>The alarm manager's delivery deadline for the open alarm of <paramref name="code"/> has passed; true when it escalated.</summary>
    public bool DeliveryDeadlinePasses(string code)
    {
        var alarm = Open(code)!;
        var escalated = Monitor.EscalateUndelivered(alarm.AlarmId, alarm.ActiveSince);
        Collect();
        return escalated;
    }

    private void Collect() => Transitions.AddRange(Monitor.TakeTransitions());
}
