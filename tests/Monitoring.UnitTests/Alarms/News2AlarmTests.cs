using Monitoring.Alarms;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

public sealed class News2AlarmTests
{
    [Fact]
    public void A_NEWS2_band_must_hold_for_the_units_delay_like_any_condition()
    {
        var ward = new Ward();

        ward.Reads((SpO2, 85)).After(3).Reads((SpO2, 97)).After(30);

        Assert.Empty(ward.Transitions);
    }

    [Fact]
    public void A_NEWS2_of_7_or_more_raises_a_high_alarm()
    {
        var ward = new Ward();

        // RR 26 (3) + SpO2 92 (2) + SBP 105 (1) + pulse 115 (2) = 8 already, whatever is missing.
        ward.Reads((RespirationRate, 26), (SpO2, 92), (SystolicPressure, 105), (HeartRate, 115));
        Assert.Null(ward.Open("news2-high"));

        ward.After(10);
        Assert.Equal(AlarmPriority.High, ward.Open("news2-high")!.Priority);
        Assert.Null(ward.Open("news2-medium"));
    }

    [Fact]
    public void A_NEWS2_of_5_raises_a_medium_alarm_and_a_single_3_under_5_a_low_one()
    {
        var medium = new Ward();
        var single = new Ward();

        medium.Reads((RespirationRate, 22), (SpO2, 93), (HeartRate, 95));   // 2 + 2 + 1
        single.Reads((Temperature, 34.8));                                  // 3 alone
        medium.After(10);
        single.After(10);

        Assert.Equal(AlarmPriority.Medium, medium.Open("news2-medium")!.Priority);
        Assert.Equal(AlarmPriority.Low, single.Open("news2-single-3")!.Priority);
    }

    [Fact]
    public void Nurse_observations_count_towards_NEWS2()
    {
        var ward = new Ward();
        var now = ward.Now;

        ward.Monitor.Record(null, [new Vitals.Reading(Consciousness, (int)Vitals.Consciousness.Voice, now), new Vitals.Reading(SupplementalOxygen, 1, now)]);
        ward.After(10);

        Assert.Equal(5, ward.Monitor.News2Score().Score);
        Assert.NotNull(ward.Monitor.OpenAlarms.SingleOrDefault(a => a.Code == "news2-medium"));
    }
}
