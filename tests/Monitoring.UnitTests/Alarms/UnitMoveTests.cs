using Monitoring.Alarms;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

/// <summary>A patient moved to a unit with tighter limits: the bedside patterns around the move.</summary>
public sealed class UnitMoveTests
{
    /// <summary>A high-care unit that wants to hear of anyone below 92 (the ward's limit is 90), with the usual delay.</summary>
    private static readonly UnitAlarmPolicy HighCare = UnitAlarmPolicy.Default with
    {
        Rules = AlarmRuleSet.Apply(AlarmRuleSet.AdultDefaults, [new AlarmRuleOverride(SpO2, Low: 92)]),
    };

    [Fact]
    public void A_spot_check_of_91_moved_to_a_unit_whose_limit_is_92_alarms_once_its_delay_has_passed()
    {
        var ward = new Ward().Reads((SpO2, 91));

        ward.MovesTo(HighCare);
        Assert.Null(ward.Open("spo2-low")); // waiting out its delay

        ward.After(10);
        Assert.NotNull(ward.Open("spo2-low"));
    }

    [Fact]
    public void A_desaturation_already_alarming_on_the_ward_stays_one_alarm_after_the_move()
    {
        var ward = new Ward().Reads((SpO2, 88)).After(10);
        var alarm = ward.Open("spo2-low")!;

        ward.MovesTo(HighCare).After(1).Reads((SpO2, 88)).After(10);

        Assert.Equal(alarm.AlarmId, Assert.Single(ward.Monitor.OpenAlarms, a => a.Code == "spo2-low").AlarmId);
    }

    [Fact]
    public void SpO2_jittering_just_above_the_new_limit_after_the_move_keeps_the_one_delay_it_began()
    {
        var ward = new Ward().Reads((SpO2, 91)).MovesTo(HighCare);

        for (var second = 0; second < 6; second++)
        {
            ward.After(1).Reads((SpO2, second % 2 == 0 ? 93 : 91)); // 93 is inside the 2 % band above 92
        }

        // Ten seconds after the move, not ten after the last dip: the jitter did not start the delay again.
        ward.After(4);
        Assert.NotNull(ward.Open("spo2-low"));
    }

    [Fact]
    public void A_spot_check_older_than_an_hour_is_not_checked_against_the_new_unit()
    {
        var ward = new Ward().Reads((SpO2, 91)).After(3700);

        ward.MovesTo(HighCare).After(11);

        Assert.Null(ward.Open("spo2-low"));
    }

    [Fact]
    public void A_saturation_back_above_the_new_limit_before_the_delay_has_passed_raises_nothing()
    {
        var ward = new Ward().Reads((SpO2, 91)).MovesTo(HighCare);

        ward.After(3).Reads((SpO2, 96)).After(10);

        Assert.Null(ward.Open("spo2-low"));
    }
}
