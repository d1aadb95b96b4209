using Monitoring.Alarms;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

public sealed class ConditionDelayTests
{
    [Fact]
    public void SpO2_below_90_for_10_s_raises_a_medium_alarm()
    {
        var ward = new Ward();

        for (var second = 0; second < 10; second++)
        {
            ward.Reads((SpO2, 87));
            Assert.Null(ward.Open("spo2-low"));
            ward.After(1);
        }

        ward.Reads((SpO2, 86));

        var alarm = ward.Open("spo2-low")!;
        Assert.Equal(AlarmPriority.Medium, alarm.Priority);
        Assert.Equal(AlarmState.Active, alarm.State);
        Assert.Equal(86, alarm.Value);
        Assert.Equal(AlarmTransitionReason.Raised, Assert.Single(ward.Transitions, t => t.Alarm.Code == "spo2-low").Reason);
    }

    [Fact]
    public void A_breach_that_begins_its_delay_is_counted_once_so_the_patient_writes_it_before_accepting_the_reading()
    {
        var ward = new Ward();

        ward.Reads((SpO2, 97));
        Assert.Equal(0, ward.Monitor.PendingStarted);

        // The desaturation begins its 10 s (and NEWS2's single parameter of 3 its own): alarms-to-be, written at once.
        ward.After(1).Reads((SpO2, 87));
        var begun = ward.Monitor.PendingStarted;
        Assert.True(begun > 0);

        ward.After(1).Reads((SpO2, 86)).After(1).Reads((SpO2, 88)); // the same breaches going on: nothing new to write
        Assert.Equal(begun, ward.Monitor.PendingStarted);

        ward.After(1).Reads((SpO2, 97)).After(1).Reads((SpO2, 87)); // cleared, then a new breach
        Assert.True(ward.Monitor.PendingStarted > begun);
        Assert.Null(ward.Open("spo2-low"));
    }

    [Fact]
    public void A_breach_shorter_than_the_delay_raises_nothing()
    {
        var ward = new Ward();

        ward.Reads((SpO2, 85)).After(3).Reads((SpO2, 96)).After(20);

        Assert.Empty(ward.Monitor.OpenAlarms);
        Assert.Empty(ward.Transitions);
    }

    [Fact]
    public void One_noisy_sample_raises_nothing()
    {
        var ward = new Ward();

        ward.Reads((HeartRate, 80)).After(1).Reads((HeartRate, 190)).After(1).Reads((HeartRate, 81)).After(10);

        Assert.Empty(ward.Transitions);
    }

    [Fact]
    public void A_breach_that_nothing_contradicts_for_the_delay_holds()
    {
        var ward = new Ward();

        ward.Reads((HeartRate, 150)).After(4.9);
        Assert.Null(ward.Open("hr-high"));

        ward.After(0.1);
        Assert.NotNull(ward.Open("hr-high"));
    }

    [Fact]
    public void A_batch_whose_readings_span_the_delay_raises_at_once()
    {
        var ward = new Ward();
        var start = ward.Now.AddSeconds(-10);

        ward.Monitor.Record(Ward.Device, Enumerable.Range(0, 11).Select(s => new Vitals.Reading(SpO2, 88, start.AddSeconds(s))));

        Assert.NotNull(ward.Open("spo2-low"));
    }

    [Fact]
    public void Intermittent_blood_pressure_alarms_from_one_measurement()
    {
        var ward = new Ward();

        ward.Reads((SystolicPressure, 82));

        Assert.Equal(AlarmPriority.High, ward.Open("sbp-low")!.Priority);
    }

    [Fact]
    public void A_condition_that_is_still_active_never_raises_a_second_alarm()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 82));

        ward.After(1).Reads((SystolicPressure, 80)).After(1).Reads((SystolicPressure, 78));

        Assert.Single(ward.Monitor.OpenAlarms);
        Assert.Single(ward.Transitions, t => t.Reason == AlarmTransitionReason.Raised);
        Assert.Equal(78, ward.Open("sbp-low")!.Value);
    }
}
