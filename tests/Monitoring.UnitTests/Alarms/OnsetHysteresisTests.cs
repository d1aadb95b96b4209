using Monitoring.Alarms;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

/// <summary>The hysteresis band works both ways: a value inside it neither starts nor cancels a breach.</summary>
public sealed class OnsetHysteresisTests
{
    [Fact]
    public void A_bradycardia_whose_every_fifth_beat_rate_is_just_above_the_limit_still_alarms()
    {
        var ward = new Ward();

        // HR 38 with every fifth value 42: inside the 5 bpm band above the 40 limit, never past it.
        for (var second = 0; second <= 6; second++)
        {
            ward.Reads((HeartRate, second % 5 == 4 ? 42 : 38)).After(1);
        }

        var alarm = ward.Open("hr-low")!;
        Assert.Equal(AlarmPriority.High, alarm.Priority);
        Assert.Single(ward.TransitionsOf("hr-low"), t => t.Reason == AlarmTransitionReason.Raised);
    }

    [Fact]
    public void A_desaturation_that_keeps_returning_through_the_band_alarms_after_the_delay()
    {
        var ward = new Ward();

        // SpO2 88, then 91 (inside the 2 % band above 90), again and again.
        for (var second = 0; second < 12; second++)
        {
            ward.Reads((SpO2, second % 2 == 0 ? 88 : 91)).After(1);
        }

        Assert.NotNull(ward.Open("spo2-low"));
    }

    [Fact]
    public void A_value_back_past_the_band_cancels_the_pending_breach()
    {
        var ward = new Ward();

        ward.Reads((HeartRate, 38)).After(2).Reads((HeartRate, 46)).After(2).Reads((HeartRate, 38)).After(2);

        Assert.Null(ward.Open("hr-low"));
        ward.After(3);
        Assert.NotNull(ward.Open("hr-low")); // the second breach counts its own delay
    }

    [Fact]
    public void A_value_inside_the_band_never_starts_a_breach()
    {
        var ward = new Ward();

        ward.Reads((HeartRate, 42)).After(30).Reads((HeartRate, 43)).After(30);

        Assert.Empty(ward.Monitor.OpenAlarms);
        Assert.Empty(ward.Transitions);
    }

    [Fact]
    public void Readings_that_show_the_breach_lasting_the_delay_through_the_band_raise_at_once()
    {
        var ward = new Ward();
        var start = ward.Now.AddSeconds(-6);
        double[] rates = [38, 38, 42, 38, 41, 38, 38];

        ward.Monitor.Record(Ward.Device, rates.Select((rate, s) => new Vitals.Reading(HeartRate, rate, start.AddSeconds(s))));

        Assert.NotNull(ward.Open("hr-low"));
    }
}
