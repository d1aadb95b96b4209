using Monitoring.Alarms;
using Monitoring.Vitals;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

public sealed class TechnicalAlarmTests
{
    [Theory]
    [InlineData(HeartRate, 72, -1, "hr")]
    [InlineData(HeartRate, 72, 400, "hr")]
    [InlineData(SpO2, 97, 101, "spo2")]
    [InlineData(Temperature, 37, 50, "temp")]
    public void An_impossible_value_raises_sensor_fault_and_never_a_physiological_alarm_or_a_NEWS2_change(VitalSign sign, double normal, double impossible, string vital)
    {
        var ward = new Ward();
        ward.Reads((sign, normal));
        var before = ward.Monitor.News2Score();
        var latest = ward.State.Latest[sign];

        ward.Reads((sign, impossible)).After(60);

        var fault = Assert.Single(ward.Monitor.OpenAlarms);
        Assert.Equal(("sensor-fault", AlarmKind.Technical, AlarmPriority.Medium, vital), (fault.Code, fault.Kind, fault.Priority, fault.Vital!));
        Assert.DoesNotContain(ward.Monitor.OpenAlarms, a => a.Kind == AlarmKind.Physiological && a.Vital == vital);
        Assert.Equal(latest, ward.State.Latest[sign]);
        Assert.Equal(before.Score, ward.Monitor.News2Score().Score);
    }

    [Fact]
    public void A_sensor_fault_resolves_when_a_possible_value_returns()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 120));

        ward.After(1).Reads((SpO2, 97));

        Assert.Empty(ward.Monitor.OpenAlarms);
    }

    [Fact]
    public void A_silent_device_raises_device_offline_and_its_next_reading_resolves_it()
    {
        var ward = new Ward();

        ward.Monitor.ReportDeviceSilent(Ward.Device);
        var offline = ward.Monitor.OpenAlarms.Single();
        Assert.Equal(("device-offline", AlarmKind.Technical, AlarmPriority.Medium, Ward.Device), (offline.Code, offline.Kind, offline.Priority, offline.DeviceId!));

        ward.Reads((HeartRate, 80));
        Assert.Empty(ward.Monitor.OpenAlarms);
    }
}
