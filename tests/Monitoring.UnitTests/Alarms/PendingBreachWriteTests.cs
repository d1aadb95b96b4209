using Monitoring.Vitals;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

/// <summary>
/// A breach that begins to wait out its delay is written at once (<c>PatientMonitor.PendingStarted</c>): how often a
/// bedside's ordinary patterns make it begin, so that writes follow breaches, not readings.
/// </summary>
public sealed class PendingBreachWriteTests
{
    [Fact]
    public void SpO2_jittering_inside_the_band_above_its_limit_begins_its_delay_once()
    {
        var ward = new Ward().Reads((SpO2, 97));

        ward.After(1).Reads((SpO2, 88));
        var begun = ward.Monitor.PendingStarted;
        for (var second = 0; second < 6; second++)
        {
            ward.After(1).Reads((SpO2, second % 2 == 0 ? 91 : 89)); // 91 is inside the 2 % band above 90
        }

        Assert.Equal(begun, ward.Monitor.PendingStarted);
    }

    [Fact]
    public void A_breach_that_clears_and_comes_back_begins_again_each_time_it_comes_back()
    {
        var ward = new Ward().Reads((SpO2, 97));
        var counts = new List<long>();

        for (var episode = 0; episode < 3; episode++)
        {
            ward.After(1).Reads((SpO2, 87)).After(2).Reads((SpO2, 97));
            counts.Add(ward.Monitor.PendingStarted);
        }

        Assert.True(counts[0] > 0 && counts[1] > counts[0] && counts[2] > counts[1], string.Join(", ", counts));
        Assert.Null(ward.Open("spo2-low")); // each shorter than its delay
    }

    [Fact]
    public void A_late_reading_measured_before_the_latest_begins_nothing()
    {
        var ward = new Ward().Reads((SpO2, 97));

        ward.After(5);
        ward.Monitor.Record(Ward.Device, [new Reading(SpO2, 87, ward.Now.AddSeconds(-10))]); // older than the 97

        Assert.Equal(0, ward.Monitor.PendingStarted);
    }

    [Fact]
    public void The_same_breach_from_a_second_oximeter_on_the_patient_begins_no_second_delay()
    {
        var ward = new Ward().Reads((SpO2, 97));

        ward.After(1).Reads((SpO2, 87));
        var begun = ward.Monitor.PendingStarted;
        ward.After(1).ReadsFrom("ox-2", (SpO2, 86));

        Assert.Equal(begun, ward.Monitor.PendingStarted);
    }
}
