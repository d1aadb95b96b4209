using Monitoring.Alarms;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

public sealed class EscalationTests
{
    [Fact]
    public void An_unacknowledged_high_alarm_reaches_on_call_after_30_s_and_the_next_level_after_another_30_s()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80));

        ward.After(29.9);
        Assert.Equal(0, ward.Open("sbp-low")!.EscalationLevel);

        ward.After(0.1);
        Assert.Equal(1, ward.Open("sbp-low")!.EscalationLevel);
        Assert.Equal(AlarmTransitionReason.Escalated, ward.Transitions[^1].Reason);

        ward.After(30);
        Assert.Equal(2, ward.Open("sbp-low")!.EscalationLevel);

        ward.After(300);
        Assert.Equal(UnitAlarmPolicy.MaxEscalationLevel, ward.Open("sbp-low")!.EscalationLevel);
        Assert.Equal(2, ward.Transitions.Count(t => t.Reason == AlarmTransitionReason.Escalated));
    }

    [Fact]
    public void Acknowledging_stops_the_escalation()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80)).After(20);

        ward.Acknowledge("sbp-low");
        ward.After(60);

        Assert.DoesNotContain(ward.Transitions, t => t.Reason == AlarmTransitionReason.Escalated);
    }

    [Fact]
    public void Medium_alarms_escalate_only_when_the_unit_says_so()
    {
        var quiet = new Ward();
        var strict = new Ward(UnitAlarmPolicy.Default with { EscalateMedium = true });

        quiet.Reads((Temperature, 39.5)).After(31);
        strict.Reads((Temperature, 39.5)).After(31);

        Assert.Equal(0, quiet.Open("temp-high")!.EscalationLevel);
        Assert.Equal(1, strict.Open("temp-high")!.EscalationLevel);
    }

    [Fact]
    public void The_units_window_sets_the_timing()
    {
        var ward = new Ward(UnitAlarmPolicy.Default with { EscalationWindow = TimeSpan.FromSeconds(10) });
        ward.Reads((SystolicPressure, 80));

        ward.After(10);

        Assert.Equal(1, ward.Open("sbp-low")!.EscalationLevel);
    }

    [Fact]
    public void A_re_alarm_starts_the_escalation_again()
    {
        var ward = new Ward(UnitAlarmPolicy.Default with { ReAlarmAfter = TimeSpan.FromSeconds(60) });
        ward.Reads((SystolicPressure, 80));
        ward.Acknowledge("sbp-low");

        ward.After(60);
        Assert.Equal(0, ward.Open("sbp-low")!.EscalationLevel);
        ward.After(30);

        Assert.Equal(1, ward.Open("sbp-low")!.EscalationLevel);
    }

    [Fact]
    public void Nothing_waits_on_the_clock_once_everything_is_acknowledged()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80));
        Assert.NotNull(ward.Monitor.NextDueAt);

        ward.Acknowledge("sbp-low");
        ward.After(1).Reads((SystolicPressure, 120));

        Assert.Null(ward.Monitor.NextDueAt);
    }
}
