using Monitoring.Alarms;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Alarms;

/// <summary>Every default limit and tier, checked on both sides: a value on the limit is not a breach; the deepest tier breached names the alarm.</summary>
public sealed class DefaultLimitTests
{
    public static TheoryData<VitalSign, double, string?, AlarmPriority?> Boundaries => new()
    {
        { VitalSign.HeartRate, 39.9, "hr-low", AlarmPriority.High },
        { VitalSign.HeartRate, 40, null, null },
        { VitalSign.HeartRate, 130, null, null },
        { VitalSign.HeartRate, 130.1, "hr-high", AlarmPriority.Medium },
        { VitalSign.HeartRate, 30, "hr-low", AlarmPriority.High },
        { VitalSign.HeartRate, 29.9, "hr-extreme-low", AlarmPriority.High },
        { VitalSign.HeartRate, 1, "hr-extreme-low", AlarmPriority.High },
        { VitalSign.HeartRate, 0, "asystole", AlarmPriority.High },
        { VitalSign.HeartRate, 150, "hr-high", AlarmPriority.Medium },
        { VitalSign.HeartRate, 150.1, "hr-extreme-high", AlarmPriority.High },
        { VitalSign.SpO2, 89.9, "spo2-low", AlarmPriority.Medium },
        { VitalSign.SpO2, 80, "spo2-low", AlarmPriority.Medium },
        { VitalSign.SpO2, 79.9, "spo2-desat", AlarmPriority.High },
        { VitalSign.SpO2, 90, null, null },
        { VitalSign.SpO2, 100, null, null },
        { VitalSign.RespirationRate, 7.9, "rr-low", AlarmPriority.High },
        { VitalSign.RespirationRate, 8, null, null },
        { VitalSign.RespirationRate, 1, "rr-low", AlarmPriority.High },
        { VitalSign.RespirationRate, 0, "apnoea", AlarmPriority.High },
        { VitalSign.RespirationRate, 25, null, null },
        { VitalSign.RespirationRate, 25.1, "rr-high", AlarmPriority.Medium },
        { VitalSign.SystolicPressure, 89.9, "sbp-low", AlarmPriority.High },
        { VitalSign.SystolicPressure, 90, null, null },
        { VitalSign.SystolicPressure, 200, null, null },
        { VitalSign.SystolicPressure, 200.1, "sbp-high", AlarmPriority.Medium },
        { VitalSign.MeanArterialPressure, 59.9, "map-low", AlarmPriority.Medium },
        { VitalSign.MeanArterialPressure, 60, null, null },
        { VitalSign.Temperature, 34.9, "temp-low", AlarmPriority.Medium },
        { VitalSign.Temperature, 35.0, null, null },
        { VitalSign.Temperature, 39.0, null, null },
        { VitalSign.Temperature, 39.1, "temp-high", AlarmPriority.Medium },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void A_value_past_a_default_limit_is_a_breach_and_a_value_on_it_is_not(VitalSign sign, double value, string? code, AlarmPriority? priority)
    {
        var rule = AlarmRuleSet.AdultDefaults.Single(r => r.Sign == sign);

        var breach = new[] { LimitSide.Low, LimitSide.High }
            .Select(side => VitalConditions.Tiers(rule, side, value, DateTimeOffset.UnixEpoch, sign).LastOrDefault(o => o.Status == ConditionStatus.Breaching))
            .SingleOrDefault(o => o is not null);

        Assert.Equal(code, breach?.Code);
        Assert.Equal(priority, breach?.Priority);
    }

    [Fact]
    public void Pulse_rate_has_no_rule_of_its_own_it_feeds_the_heart_rate_condition() =>
        Assert.DoesNotContain(AlarmRuleSet.AdultDefaults, r => r.Sign == VitalSign.PulseRate);

    [Fact]
    public void Diastolic_pressure_has_no_default_limits() =>
        Assert.DoesNotContain(AlarmRuleSet.AdultDefaults, r => r.Sign == VitalSign.DiastolicPressure);

    [Fact]
    public void A_patients_change_keeps_what_it_does_not_name()
    {
        var rules = AlarmRuleSet.Apply(AlarmRuleSet.AdultDefaults, [new AlarmRuleOverride(VitalSign.HeartRate, High: 150)]);

        var hr = rules.Single(r => r.Sign == VitalSign.HeartRate);
        Assert.Equal((40.0, 150.0, TimeSpan.FromSeconds(5)), (hr.Low!.Value, hr.High!.Value, hr.ConditionDelay));
    }
}
