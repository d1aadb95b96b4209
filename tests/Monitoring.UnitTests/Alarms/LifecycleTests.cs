using Monitoring.Alarms;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

public sealed class LifecycleTests
{
    [Fact]
    public void Hysteresis_keeps_the_alarm_until_the_value_is_past_the_band()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 85)).After(10);

        ward.Reads((SpO2, 91));
        Assert.NotNull(ward.Open("spo2-low"));

        ward.After(1).Reads((SpO2, 92));
        Assert.Null(ward.Open("spo2-low"));
        Assert.Equal(AlarmState.Resolved, ward.Transitions[^1].Alarm.State);
    }

    [Fact]
    public void A_medium_alarm_resolves_by_itself_when_its_condition_ends()
    {
        var ward = new Ward();
        ward.Reads((HeartRate, 140)).After(5);

        ward.Reads((HeartRate, 90));

        Assert.Empty(ward.Monitor.OpenAlarms);
    }

    [Fact]
    public void A_high_alarm_latches_until_acknowledged_even_when_the_value_recovers()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80));

        ward.After(1).Reads((SystolicPressure, 120)).After(600);

        var latched = ward.Open("sbp-low")!;
        Assert.Equal(AlarmState.Active, latched.State);
        Assert.False(latched.ConditionPresent);

        Assert.Equal(AcknowledgeOutcome.Acknowledged, ward.Acknowledge("sbp-low", "nurse-7"));
        Assert.Empty(ward.Monitor.OpenAlarms);
        Assert.Equal(
            [(AlarmState.Active, AlarmState.Acknowledged, "nurse-7"), (AlarmState.Acknowledged, AlarmState.Resolved, "nurse-7")],
            ward.Transitions.Where(t => t.Actor is not null).Select(t => (t.From!.Value, t.Alarm.State, t.Actor!)));
    }

    [Fact]
    public void An_acknowledgement_records_who_and_when_and_a_second_one_changes_nothing()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80)).After(3);

        ward.Acknowledge("sbp-low", "nurse-7");
        var acknowledged = ward.Open("sbp-low")!;

        Assert.Equal(AlarmState.Acknowledged, acknowledged.State);
        Assert.Equal(("nurse-7", ward.Now), (acknowledged.AcknowledgedBy, acknowledged.AcknowledgedAt!.Value));
        Assert.Equal(AcknowledgeOutcome.AlreadyAcknowledged, ward.Acknowledge("sbp-low", "nurse-8"));
        Assert.Equal("nurse-7", ward.Open("sbp-low")!.AcknowledgedBy);
    }

    [Fact]
    public void An_acknowledged_alarm_whose_condition_still_holds_re_alarms_after_the_units_time()
    {
        var ward = new Ward(UnitAlarmPolicy.Default with { ReAlarmAfter = TimeSpan.FromSeconds(120) });
        ward.Reads((SystolicPressure, 80));
        ward.Acknowledge("sbp-low");

        ward.After(119).Reads((SystolicPressure, 81));
        Assert.Equal(AlarmState.Acknowledged, ward.Open("sbp-low")!.State);

        ward.After(1);
        var again = ward.Open("sbp-low")!;
        Assert.Equal(AlarmState.Active, again.State);
        Assert.Null(again.AcknowledgedBy);
        Assert.Equal(AlarmTransitionReason.ReAlarmed, ward.Transitions[^1].Reason);
    }

    [Fact]
    public void An_acknowledged_alarm_resolves_when_its_condition_ends()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80));
        ward.Acknowledge("sbp-low");

        ward.After(5).Reads((SystolicPressure, 120));

        Assert.Empty(ward.Monitor.OpenAlarms);
        Assert.Equal((AlarmState.Acknowledged, AlarmState.Resolved), (ward.Transitions[^1].From!.Value, ward.Transitions[^1].Alarm.State));
    }

    [Fact]
    public void Acknowledging_an_alarm_that_is_not_open_finds_nothing() =>
        Assert.Equal(AcknowledgeOutcome.NotFound, new Ward().Monitor.Acknowledge("p-1~99", "nurse-1"));
}
