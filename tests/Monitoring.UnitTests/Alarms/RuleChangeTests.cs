using System.Collections.Immutable;
using Monitoring.Alarms;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

/// <summary>A change of limits, scale or policy applies at once, to the values the patient has now.</summary>
public sealed class RuleChangeTests
{
    [Fact]
    public void A_tighter_limit_alarms_at_once_on_the_current_value_without_waiting_for_the_next_reading()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 150));

        ward.Limits(new AlarmRuleOverride(SystolicPressure, High: 140));

        Assert.Equal(150, ward.Open("sbp-high")!.Value);
    }

    [Fact]
    public void A_looser_limit_ends_a_medium_alarm_at_once()
    {
        var ward = new Ward();
        ward.Reads((HeartRate, 140)).After(5);
        Assert.NotNull(ward.Open("hr-high"));

        ward.Limits(new AlarmRuleOverride(HeartRate, High: 150));

        Assert.Null(ward.Open("hr-high"));
    }

    [Fact]
    public void Removing_a_limit_ends_its_alarm_recorded_as_limit_removed()
    {
        var ward = new Ward();
        var high = new AlarmLimit("spo2-high", LimitSide.High, 98, AlarmPriority.Low, TimeSpan.Zero, 1);
        ward.Limits(new AlarmRuleOverride(SpO2, HighTiers: ImmutableArray.Create(high)));
        ward.Reads((SpO2, 100));
        Assert.NotNull(ward.Open("spo2-high"));

        ward.Limits();

        Assert.Null(ward.Open("spo2-high"));
        Assert.Equal(AlarmTransitionReason.LimitRemoved, ward.TransitionsOf("spo2-high").Last().Reason);
    }

    [Fact]
    public void Removing_the_desaturation_tier_ends_its_alarm_and_the_low_SpO2_alarm_takes_over_at_once()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 76));
        Assert.Equal(["spo2-desat"], ward.LimitCodes);

        ward.Limits(new AlarmRuleOverride(SpO2, LowTiers: []));

        Assert.Equal(["spo2-low"], ward.LimitCodes);
        Assert.Equal(AlarmTransitionReason.LimitRemoved, ward.TransitionsOf("spo2-desat").Last().Reason);
    }

    [Fact]
    public void A_new_unit_policy_applies_to_the_current_values_at_once()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 91));

        ward.Monitor.SetPolicy(UnitAlarmPolicy.Default with
        {
            Rules = AlarmRuleSet.Apply(AlarmRuleSet.AdultDefaults, [new AlarmRuleOverride(SpO2, Low: 92, ConditionDelay: TimeSpan.Zero)]),
        });
        ward.Monitor.ApplyRules();

        Assert.NotNull(ward.Open("spo2-low"));
    }

    [Fact]
    public void A_change_of_SpO2_scale_rescores_NEWS2_at_once()
    {
        var ward = new Ward();
        ward.Observes((SupplementalOxygen, 0));
        ward.Reads((SpO2, 88));
        Assert.Equal(3, ward.Monitor.LatestNews2.Parameters.Single(p => p.Parameter == Monitoring.News2.News2Parameter.SpO2).Score);

        ward.Monitor.SetSpO2Scale(2);
        ward.Monitor.ApplyRules();

        Assert.Equal(0, ward.Monitor.LatestNews2.Parameters.Single(p => p.Parameter == Monitoring.News2.News2Parameter.SpO2).Score);
    }

    [Fact]
    public void A_value_older_than_an_hour_is_not_checked_again_when_the_rules_change()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 150)).After(3700);

        ward.Limits(new AlarmRuleOverride(SystolicPressure, High: 140));

        Assert.Null(ward.Open("sbp-high"));
    }
}
