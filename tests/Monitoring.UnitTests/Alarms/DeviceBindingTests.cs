using Monitoring.Alarms;
using Monitoring.Devices;
using Monitoring.Vitals;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

/// <summary>Bindings are sharp: a device's alarms end with its binding, and what it measured before belongs to nobody here.</summary>
public sealed class DeviceBindingTests
{
    [Fact]
    public void Moving_a_silent_monitor_to_another_patient_ends_its_offline_alarm_on_the_first_recorded_as_unbound()
    {
        var ward = new Ward();
        ward.Monitor.ReportDeviceSilent(Ward.Device);
        Assert.NotNull(ward.Open("device-offline"));

        ward.Monitor.DeviceUnbound(Ward.Device);
        ward.After(0);

        Assert.Null(ward.Open("device-offline"));
        Assert.Equal(AlarmTransitionReason.Unbound, ward.TransitionsOf("device-offline").Last().Reason);
    }

    [Fact]
    public void Unbinding_a_device_ends_its_sensor_fault_and_clock_alarms_but_not_another_devices()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 101));
        ward.ReadsFrom("monitor-2", (RespirationRate, 16));
        ward.Monitor.ReportDeviceClock(Ward.Device, TimeSpan.FromMinutes(10));
        ward.Monitor.ReportDeviceSilent("monitor-2");
        ward.After(0);

        ward.Monitor.DeviceUnbound(Ward.Device);
        ward.After(0);

        Assert.Equal(["device-offline"], ward.OpenCodes);
        Assert.Equal("monitor-2", ward.Open("device-offline")!.DeviceId);
    }

    [Fact]
    public void A_patient_whose_monitor_is_taken_for_another_patient_gets_a_medium_device_unbound_alarm_until_a_device_is_bound_again()
    {
        var ward = new Ward();
        ward.Monitor.ReportDeviceSilent(Ward.Device);

        ward.Monitor.DeviceTaken(Ward.Device);
        ward.After(0);

        var unbound = ward.Open("device-unbound");
        Assert.NotNull(unbound);
        Assert.Equal((AlarmKind.Technical, AlarmPriority.Medium), (unbound.Kind, unbound.Priority));
        Assert.Null(ward.Open("device-offline")); // the taken device's own alarms end with its binding

        ward.Monitor.DeviceAttached();
        ward.After(0);

        Assert.Null(ward.Open("device-unbound"));
    }

    [Fact]
    public void A_monitor_taken_again_after_one_was_bound_raises_device_unbound_again_and_the_history_has_both()
    {
        var ward = new Ward();
        ward.Monitor.DeviceTaken(Ward.Device);
        ward.After(0);
        ward.Monitor.DeviceAttached();
        ward.After(0);

        ward.Monitor.DeviceTaken(Ward.Device);
        ward.After(0);

        Assert.NotNull(ward.Open("device-unbound"));
        Assert.Equal(2, ward.TransitionsOf("device-unbound").Count(t => t.Reason == AlarmTransitionReason.Raised));
    }

    [Fact]
    public void Readings_from_the_patients_other_monitor_or_a_nurse_do_not_end_device_unbound_only_a_binding_does()
    {
        var ward = new Ward();
        ward.ReadsFrom("monitor-2", (RespirationRate, 16));
        ward.Monitor.DeviceTaken(Ward.Device);
        ward.After(0);

        ward.ReadsFrom("monitor-2", (RespirationRate, 17)).Observes((Temperature, 37.1)).After(30);

        Assert.NotNull(ward.Open("device-unbound"));
    }

    [Fact]
    public void Unbinding_leaves_the_patients_own_alarms()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80));

        ward.Monitor.DeviceUnbound(Ward.Device);

        Assert.NotNull(ward.Open("sbp-low"));
    }

    [Fact]
    public void Readings_measured_before_the_binding_began_are_not_the_new_patients()
    {
        var boundAt = new DateTimeOffset(2026, 11, 27, 10, 0, 0, 700, TimeSpan.Zero);
        Reading[] readings =
        [
            new(HeartRate, 50, boundAt.AddMinutes(-3)),   // the previous patient's, sent late
            new(HeartRate, 72, boundAt.AddMilliseconds(-700)), // dated to the whole second of the binding
            new(HeartRate, 74, boundAt.AddSeconds(1)),
        ];

        var (taken, before) = BindingWindow.Split([.. readings], boundAt);

        Assert.Equal(1, before);
        Assert.Equal([72.0, 74.0], taken.Select(r => r.Value));
    }
}
