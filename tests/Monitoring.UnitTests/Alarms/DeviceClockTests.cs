using Monitoring.Alarms;
using Monitoring.Vitals;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

/// <summary>One clock rule: a reading dated in the future never becomes the latest value, and a device whose clock runs off says so.</summary>
public sealed class DeviceClockTests
{
    [Fact]
    public void A_reading_dated_far_in_the_future_never_becomes_the_latest_value_and_later_current_readings_alarm()
    {
        var ward = new Ward();

        ward.Monitor.Record(Ward.Device, [new Reading(HeartRate, 80, ward.Now.AddHours(2))]);
        Assert.False(ward.State.Latest.ContainsKey(HeartRate));

        ward.Reads((HeartRate, 35)).After(5);

        Assert.Equal(35, ward.State.Latest[HeartRate].Value);
        Assert.NotNull(ward.Open("hr-low"));
    }

    [Fact]
    public void A_latest_value_dated_a_little_ahead_does_not_hide_the_readings_after_it()
    {
        var ward = new Ward();
        ward.Monitor.Record(Ward.Device, [new Reading(SpO2, 97, ward.Now.AddSeconds(20))]); // within the tolerance

        ward.After(1).Reads((SpO2, 75));

        Assert.Equal(75, ward.State.Latest[SpO2].Value);
        Assert.NotNull(ward.Open("spo2-desat"));
    }

    [Fact]
    public void A_device_whose_clock_runs_ahead_raises_device_clock_with_the_skew_until_it_sends_a_good_batch()
    {
        var ward = new Ward();

        ward.Monitor.ReportDeviceClock(Ward.Device, TimeSpan.FromMinutes(61));
        ward.After(0);

        var alarm = ward.Open("device-clock")!;
        Assert.Equal((AlarmKind.Technical, AlarmPriority.Medium, 3660.0, Ward.Device), (alarm.Kind, alarm.Priority, alarm.Value!.Value, alarm.DeviceId));

        ward.Reads((HeartRate, 72));
        Assert.Null(ward.Open("device-clock"));
    }

    [Fact]
    public void The_tolerance_is_the_same_on_every_path()
    {
        var now = DateTimeOffset.UnixEpoch;

        Assert.Null(ReadingClock.SkewBeyondTolerance(now + ReadingClock.FutureTolerance, now));
        Assert.Equal(TimeSpan.FromSeconds(31), ReadingClock.SkewBeyondTolerance(now.AddSeconds(31), now));
    }
}
