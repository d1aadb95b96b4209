using Monitoring.Alarms;
using Monitoring.News2;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

/// <summary>
/// A NEWS2 alarm ends only on a complete, lower score; stale observations make the patient
/// "observations overdue" at the RCP monitoring frequency of the last complete band.
/// </summary>
public sealed class News2OverdueTests
{
    /// <summary>A septic patient: RR 26 (3), SpO2 92 (2), oxygen (2), SBP 105 (1), pulse 115 (2), alert (0), 38.5 °C (1): NEWS2 11.</summary>
    private static Ward Septic()
    {
        var ward = new Ward();
        ward.Observes((Consciousness, (int)Vitals.Consciousness.Alert), (SupplementalOxygen, 1));
        ward.Reads((RespirationRate, 26), (SpO2, 92), (SystolicPressure, 105), (HeartRate, 115), (Temperature, 38.5)).After(10);
        return ward;
    }

    [Fact]
    public void A_high_NEWS2_alarm_stays_when_the_nurses_observations_go_stale()
    {
        var ward = Septic();
        Assert.NotNull(ward.Open("news2-high"));

        // The monitor streams on; consciousness and oxygen, entered once, are older than an hour.
        for (var minute = 0; minute < 62; minute++)
        {
            ward.After(60).Reads((RespirationRate, 26), (SpO2, 92), (SystolicPressure, 105), (HeartRate, 115), (Temperature, 38.5));
        }

        Assert.False(ward.Monitor.LatestNews2.Complete);
        Assert.NotNull(ward.Open("news2-high"));
        Assert.DoesNotContain(ward.TransitionsOf("news2-high"), t => t.Alarm.State == AlarmState.Resolved);
    }

    [Fact]
    public void Stale_observations_after_a_high_score_are_overdue_for_continuous_monitoring()
    {
        var ward = Septic();

        ward.After(3601);

        var overdue = ward.Open("news2-overdue")!;
        Assert.Equal("continuous", overdue.Detail);
        Assert.Equal(AlarmPriority.Medium, overdue.Priority);
        var score = ward.Monitor.News2Score();
        Assert.True(score.Overdue);
        Assert.Equal("continuous", score.MonitoringFrequency);
        Assert.NotNull(ward.Open("news2-high"));
    }

    [Fact]
    public void The_patients_alarm_clock_wakes_when_the_score_goes_stale()
    {
        var ward = new Ward();
        ward.Observes((Consciousness, (int)Vitals.Consciousness.Alert), (SupplementalOxygen, 0));
        ward.Reads((RespirationRate, 16), (SpO2, 97), (SystolicPressure, 125), (HeartRate, 80), (Temperature, 37.0));
        Assert.Empty(ward.OpenCodes);

        var staleAt = ward.Monitor.NextDueAt!.Value;

        Assert.InRange(staleAt - ward.Now, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Theory]
    [InlineData(37.0, 97, 80, 0, "12-hourly", AlarmPriority.Low)]          // NEWS2 0
    [InlineData(38.5, 97, 80, 1, "4-6-hourly", AlarmPriority.Low)]         // 1 (temperature)
    [InlineData(37.0, 91, 80, 3, "hourly", AlarmPriority.Medium)]          // a single 3 (SpO2)
    [InlineData(38.5, 93, 95, 4, "4-6-hourly", AlarmPriority.Low)]         // 1 + 2 + 1
    public void Overdue_observations_name_the_RCP_frequency_of_the_last_complete_band(double temperature, double spo2, double pulse, int score, string frequency, AlarmPriority priority)
    {
        var ward = new Ward();
        ward.Observes((Consciousness, (int)Vitals.Consciousness.Alert), (SupplementalOxygen, 0));
        ward.Reads((RespirationRate, 16), (SpO2, spo2), (SystolicPressure, 125), (HeartRate, pulse), (Temperature, temperature));
        Assert.Equal(score, ward.Monitor.LatestNews2.Score);

        ward.After(3601);

        Assert.Equal((frequency, priority), (ward.Open("news2-overdue")!.Detail, ward.Open("news2-overdue")!.Priority));
    }

    [Fact]
    public void Fresh_observations_end_the_overdue_alarm()
    {
        var ward = Septic().After(3601);

        ward.Observes((Consciousness, (int)Vitals.Consciousness.Alert), (SupplementalOxygen, 1));
        ward.Reads((RespirationRate, 26), (SpO2, 92), (SystolicPressure, 105), (HeartRate, 115), (Temperature, 38.5));

        Assert.Null(ward.Open("news2-overdue"));
        Assert.False(ward.Monitor.News2Score().Overdue);
    }

    [Fact]
    public void A_NEWS2_alarm_ends_on_a_complete_lower_score()
    {
        var ward = Septic();
        ward.Acknowledge("news2-high");

        ward.Observes((SupplementalOxygen, 0));
        ward.Reads((RespirationRate, 16), (SpO2, 97), (SystolicPressure, 125), (HeartRate, 80), (Temperature, 37.0));

        Assert.Equal(News2Band.Zero, ward.Monitor.LatestNews2.Band);
        Assert.Empty(ward.OpenCodes);
    }

    [Fact]
    public void A_rising_score_moves_the_alarm_up_a_band_without_two_open_at_once()
    {
        var ward = new Ward();
        ward.Observes((Consciousness, (int)Vitals.Consciousness.Alert), (SupplementalOxygen, 0));
        ward.Reads((RespirationRate, 22), (SpO2, 93), (SystolicPressure, 125), (HeartRate, 95), (Temperature, 37.0)).After(10); // 2 + 2 + 1 = 5
        Assert.Equal(["news2-medium"], ward.OpenCodes);

        ward.Reads((RespirationRate, 26), (SpO2, 93), (SystolicPressure, 125), (HeartRate, 95), (Temperature, 37.0)); // 3 + 2 + 1 = 6... and SpO2 falls
        ward.Reads((RespirationRate, 26), (SpO2, 91), (SystolicPressure, 125), (HeartRate, 95), (Temperature, 37.0)).After(10); // 3 + 3 + 1 = 7

        Assert.Equal(["news2-high"], ward.OpenCodes.Where(c => c.StartsWith("news2", StringComparison.Ordinal)));
        Assert.Equal(AlarmTransitionReason.Superseded, ward.TransitionsOf("news2-medium").Last().Reason);
    }

    [Fact]
    public void A_falling_score_hands_the_high_alarm_over_to_the_medium_band_when_it_is_acknowledged()
    {
        var ward = Septic();

        ward.Reads((RespirationRate, 22), (SpO2, 93), (SystolicPressure, 125), (HeartRate, 95), (Temperature, 37.0)); // 2 + 2 + 2 (O2) + 1 = 7
        ward.Reads((RespirationRate, 22), (SpO2, 95), (SystolicPressure, 125), (HeartRate, 95), (Temperature, 37.0)); // 2 + 1 + 2 + 1 = 6
        Assert.Equal(["news2-high"], ward.News2Codes()); // latched: high priority stays until someone answers it

        ward.Acknowledge("news2-high");

        Assert.Equal(["news2-medium"], ward.News2Codes()); // at once: no gap, no second delay
    }
}

internal static class News2WardExtensions
{
    public static IEnumerable<string> News2Codes(this Ward ward) => ward.OpenCodes.Where(c => c is "news2-high" or "news2-medium" or "news2-single-3");
}
