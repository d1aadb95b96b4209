using Monitoring.Alarms;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

/// <summary>Heart rate (ECG) and pulse rate (oximeter, cuff) are one pulse condition: one alarm, one escalation.</summary>
public sealed class PulseConditionTests
{
    [Fact]
    public void One_bradycardia_seen_by_the_ECG_and_the_oximeter_raises_one_alarm_and_one_escalation()
    {
        var ward = new Ward();

        for (var second = 0; second <= 5; second++)
        {
            ward.Reads((HeartRate, 36)).ReadsFrom("oximeter-1", (PulseRate, 37)).After(1);
        }

        ward.After(30);

        Assert.Equal(["hr-low"], ward.LimitCodes);
        Assert.Single(ward.Transitions, t => t.Reason == AlarmTransitionReason.Raised && t.Alarm.Vital is "hr" or "pr");
        Assert.Single(ward.Transitions, t => t.Reason == AlarmTransitionReason.Escalated);
    }

    [Fact]
    public void With_no_ECG_the_oximeters_pulse_rate_watches_for_bradycardia()
    {
        var ward = new Ward();

        ward.ReadsFrom("oximeter-1", (PulseRate, 35)).After(5);

        var alarm = ward.Open("hr-low")!;
        Assert.Equal("pr", alarm.Vital);
        Assert.Equal(AlarmPriority.High, alarm.Priority);
    }

    [Fact]
    public void While_the_ECG_is_connected_a_different_pulse_rate_does_not_cancel_its_bradycardia()
    {
        var ward = new Ward();

        for (var second = 0; second <= 5; second++)
        {
            ward.Reads((HeartRate, 35)).ReadsFrom("oximeter-1", (PulseRate, 70)).After(1);
        }

        Assert.Equal("hr", ward.Open("hr-low")!.Vital);
    }

    [Fact]
    public void When_the_ECG_leads_come_off_the_pulse_rate_takes_over_the_condition()
    {
        var ward = new Ward();
        ward.Reads((HeartRate, 80));

        ward.After(11).ReadsFrom("oximeter-1", (PulseRate, 34)).After(5);

        Assert.NotNull(ward.Open("hr-low"));
    }
}
