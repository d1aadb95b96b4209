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

    /// <summary>Time passes and the alarm clock ticks.</summary>
    public Ward After(double seconds)
    {
        Clock.Advance(TimeSpan.FromSeconds(seconds));
        Monitor.Tick();
        Collect();
        return this;
    }

    public Alarm? Open(string code) => Monitor.OpenAlarms.SingleOrDefault(a => a.Code == code);

    public AcknowledgeOutcome Acknowledge(string code, string by = "nurse-1")
    {
        var outcome = Monitor.Acknowledge(Open(code)!.AlarmId, by);
        Collect();
        return outcome;
    }

    private void Collect() => Transitions.AddRange(Monitor.TakeTransitions());
}
