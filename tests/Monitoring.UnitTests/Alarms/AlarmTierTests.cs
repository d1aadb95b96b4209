using System.Collections.Immutable;
using Monitoring.Alarms;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

/// <summary>
/// Limits in tiers: the high-priority extremes central stations ship, one alarm per side of a vital (the
/// deepest tier that holds), and a deeper tier that alarms at once even while the shallower one is acknowledged.
/// </summary>
public sealed class AlarmTierTests
{
    [Fact]
    public void Profound_desaturation_is_a_high_priority_alarm_at_once()
    {
        var ward = new Ward();

        ward.Reads((SpO2, 75));

        var desat = ward.Open("spo2-desat")!;
        Assert.Equal(AlarmPriority.High, desat.Priority);
        Assert.Equal(75, desat.Value);
        Assert.Equal(["spo2-desat"], ward.LimitCodes);
    }

    [Fact]
    public void Profound_desaturation_unanswered_escalates_to_on_call()
    {
        var ward = new Ward();

        ward.Reads((SpO2, 75)).After(30);

        Assert.Equal(1, ward.Open("spo2-desat")!.EscalationLevel);
        Assert.Single(ward.TransitionsOf("spo2-desat"), t => t.Reason == AlarmTransitionReason.Escalated);
    }

    [Fact]
    public void An_acknowledged_low_SpO2_that_deepens_into_desaturation_alarms_again_and_escalates()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 87)).After(10).Reads((SpO2, 86));
        ward.Acknowledge("spo2-low");

        ward.After(5).Reads((SpO2, 74));

        var desat = ward.Open("spo2-desat")!;
        Assert.Equal((AlarmState.Active, AlarmPriority.High), (desat.State, desat.Priority));
        Assert.Null(ward.Open("spo2-low"));
        Assert.Equal(AlarmTransitionReason.Superseded, ward.TransitionsOf("spo2-low").Last().Reason);

        ward.After(30);
        Assert.Equal(1, ward.Open("spo2-desat")!.EscalationLevel);
    }

    [Fact]
    public void A_low_SpO2_nobody_answered_that_deepens_escalates_from_when_it_began()
    {
        var ward = new Ward(UnitAlarmPolicy.Default with { EscalateMedium = true });
        ward.Reads((SpO2, 87)).After(10).Reads((SpO2, 86)); // spo2-low raised, unanswered

        ward.After(20).Reads((SpO2, 76)).After(10);

        Assert.Equal(1, ward.Open("spo2-desat")!.EscalationLevel); // 30 s after the low SpO2 began, not after the desaturation
    }

    [Fact]
    public void Extreme_bradycardia_is_its_own_high_alarm_and_never_two_alarms_for_one_bradycardia()
    {
        var ward = new Ward();

        ward.Reads((HeartRate, 25)).After(5);

        Assert.Equal(["hr-extreme-low"], ward.LimitCodes);
        Assert.Equal(AlarmPriority.High, ward.Open("hr-extreme-low")!.Priority);
        Assert.Empty(ward.TransitionsOf("hr-low"));
    }

    [Fact]
    public void Extreme_tachycardia_is_high_priority_where_ordinary_tachycardia_is_medium()
    {
        var ward = new Ward();
        ward.Reads((HeartRate, 140)).After(5);
        Assert.Equal(AlarmPriority.Medium, ward.Open("hr-high")!.Priority);

        ward.Reads((HeartRate, 165)).After(5);

        Assert.Equal(["hr-extreme-high"], ward.LimitCodes);
        Assert.Equal(AlarmPriority.High, ward.Open("hr-extreme-high")!.Priority);
    }

    [Fact]
    public void A_heart_rate_of_0_from_the_ECG_is_asystole_high_priority_at_once_not_a_sensor_fault()
    {
        var ward = new Ward();
        ward.Reads((HeartRate, 72));

        ward.After(1).Reads((HeartRate, 0));

        var asystole = ward.Open("asystole")!;
        Assert.Equal((AlarmKind.Physiological, AlarmPriority.High), (asystole.Kind, asystole.Priority));
        Assert.Null(ward.Open("sensor-fault"));
        Assert.Equal(["asystole"], ward.LimitCodes);
    }

    [Fact]
    public void A_pulse_rate_of_0_from_an_oximeter_is_a_sensor_fault_not_asystole()
    {
        var ward = new Ward();

        ward.Reads((PulseRate, 0));

        Assert.Equal(["sensor-fault"], ward.LimitCodes);
    }

    [Fact]
    public void No_breath_for_20_s_is_apnoea()
    {
        var ward = new Ward();
        ward.Reads((RespirationRate, 0)).After(10);
        Assert.Equal(["rr-low"], ward.LimitCodes); // a respiration rate below 8 for 10 s first

        ward.Reads((RespirationRate, 0)).After(10);

        Assert.Equal(["apnoea"], ward.LimitCodes);
        Assert.Equal(AlarmPriority.High, ward.Open("apnoea")!.Priority);
    }

    [Fact]
    public void When_desaturation_ends_and_is_acknowledged_the_low_SpO2_that_still_holds_takes_over_at_once()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 75)).After(1).Reads((SpO2, 85));
        Assert.Equal(["spo2-desat"], ward.LimitCodes); // high latches; it alone stands for the condition

        ward.Acknowledge("spo2-desat");

        Assert.Equal(["spo2-low"], ward.LimitCodes); // no gap: no delay waited out again
        Assert.Equal(85, ward.Open("spo2-low")!.Value);
    }

    [Fact]
    public void An_acknowledged_desaturation_that_recovers_to_a_low_SpO2_hands_over_at_once()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 75));
        ward.Acknowledge("spo2-desat");

        ward.After(1).Reads((SpO2, 86));

        Assert.Equal(["spo2-low"], ward.LimitCodes);
        Assert.Equal(AlarmTransitionReason.Resolved, ward.TransitionsOf("spo2-desat").Last().Reason);
    }

    [Fact]
    public void A_unit_can_add_a_tier_of_its_own()
    {
        var policy = UnitAlarmPolicy.Default with
        {
            Rules = AlarmRuleSet.Apply(AlarmRuleSet.AdultDefaults,
                [new AlarmRuleOverride(SystolicPressure, LowTiers: ImmutableArray.Create(new AlarmLimit("sbp-extreme-low", LimitSide.Low, 70, AlarmPriority.High, TimeSpan.Zero, 5)))]),
        };
        var ward = new Ward(policy);

        ward.Reads((SystolicPressure, 65));

        Assert.Equal(["sbp-extreme-low"], ward.LimitCodes);
    }
}
