using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// Bedside monitors streaming HL7 v2 over the real MLLP listener, once a second as they do, and what the central
/// station and on-call staff then see over SignalR: a wrong device clock, a bradycardia that keeps coming back,
/// a profound desaturation that nobody acknowledges.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class Hl7AlarmTests(RunningSystem system)
{
    private const string HeartRate = "147842^MDC_ECG_HEART_RATE^MDC";
    private const string SpO2 = "150456^MDC_PULS_OXIM_SAT_O2^MDC";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_far_future_reading_is_refused_naming_its_OBX_the_patient_shows_device_clock_and_a_later_current_bradycardia_alarms_hr_low()
    {
        var (unit, patient, device) = await BedWithMonitorAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        await using var monitor = await MllpClient.ConnectAsync(system.MllpPort);

        var ack = Hl7Ack.Parse(await monitor.SendAsync(Hl7Messages.OneReading(device, "FUTURE-" + device, HeartRate, 35, DateTimeOffset.UtcNow.AddDays(1))));

        Assert.Equal("AE", ack.Code);
        var error = Assert.Single(ack.Errors);
        Assert.Equal("OBX^1^14", error.Location);
        Assert.Matches(@"^OBX 1 is dated 86[34]\d\d s ahead of our clock", error.Text);
        var clock = await alarms.WaitForAsync(HubEvents.Alarm("device-clock", "active", patient), Deadline, "the device-clock alarm");
        Assert.InRange(clock.GetProperty("value").GetDouble(), 86390, 86400);

        // The clock is put right: HR 35, now, every second for longer than the 5 s condition delay.
        await using var stream = Stream(monitor, device, HeartRate, _ => 35);
        await alarms.WaitForAsync(HubEvents.Alarm("device-clock", "resolved", patient), Deadline, "device-clock to end with the first batch taken");
        var bradycardia = await alarms.WaitForAsync(HubEvents.Alarm("hr-low", "active", patient), TimeSpan.FromSeconds(10), "hr-low");
        Assert.Equal(("high", 35.0), (bradycardia.GetProperty("priority").GetString(), bradycardia.GetProperty("value").GetDouble()));
        await stream.StopAsync();
        await AnswerAsync(bradycardia);
    }

    [Fact]
    public async Task A_bradycardia_that_keeps_returning_through_the_hysteresis_band_alarms_hr_low()
    {
        var (unit, patient, device) = await BedWithMonitorAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        await using var monitor = await MllpClient.ConnectAsync(system.MllpPort);

        // HR 38 every second, every fifth 42: inside the 5-bpm band above the 40 limit, which neither starts nor cancels a breach.
        await using var stream = Stream(monitor, device, HeartRate, i => i % 5 == 4 ? 42 : 38);

        var bradycardia = await alarms.WaitForAsync(HubEvents.Alarm("hr-low", "active", patient), TimeSpan.FromSeconds(8), "hr-low");
        Assert.Equal("high", bradycardia.GetProperty("priority").GetString());
        await stream.StopAsync();
        await AnswerAsync(bradycardia);
    }

    [Fact]
    public async Task A_profound_desaturation_raises_spo2_desat_high_at_once_and_unacknowledged_reaches_on_call_after_the_units_window()
    {
        var (unit, patient, device) = await BedWithMonitorAsync();
        await _ward.SetUnitSettingsAsync(unit, new { escalationWindowSeconds = 5 });
        await using var nurse = await system.ConnectHubAsync();
        await using var onCall = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        var escalations = new HubEvents(onCall, "escalation");
        await nurse.InvokeAsync("JoinUnit", unit);
        await onCall.InvokeAsync("JoinOnCall");
        await using var monitor = await MllpClient.ConnectAsync(system.MllpPort);

        await using var stream = Stream(monitor, device, SpO2, _ => 75);

        var desaturation = await alarms.WaitForAsync(HubEvents.Alarm("spo2-desat", "active", patient), Deadline, "spo2-desat");
        Assert.Equal(("high", "physiological", 75.0), (desaturation.GetProperty("priority").GetString(), desaturation.GetProperty("kind").GetString(), desaturation.GetProperty("value").GetDouble()));
        var escalation = await escalations.WaitForAsync(
            e => e.GetProperty("patientId").GetString() == patient && e.GetProperty("code").GetString() == "spo2-desat", TimeSpan.FromSeconds(20), "the escalation to on-call");
        Assert.True(escalation.GetProperty("escalated").GetBoolean());
        Assert.Equal("high", escalation.GetProperty("priority").GetString());
        await stream.StopAsync();
        await AnswerAsync(escalation);
    }

    /// <summary>Someone answers the alarm, so that it does not go on escalating into the other tests' on-call view.</summary>
    private async Task AnswerAsync(JsonElement alarm) =>
        Assert.Equal(HttpStatusCode.OK, (await _ward.AcknowledgeAsync(alarm.GetProperty("alarmId").GetString()!, "oncall-1")).StatusCode);

    private async Task<(string Unit, string Patient, string Device)> BedWithMonitorAsync()
    {
        var bed = await _ward.NewBedAsync(deviceId: Hl7Messages.Eui64());
        await system.AllowOverMllpAsync(bed.Device);
        return bed;
    }

    /// <summary>The monitor sends one reading a second, dated now, until stopped; each must be acknowledged AA.</summary>
    private static MonitorStream Stream(MllpClient monitor, string device, string code, Func<int, double> valueAt) =>
        MonitorStream.Start(async (i, cancellation) =>
        {
            var controlId = string.Create(CultureInfo.InvariantCulture, $"{device}-{i}");
            var ack = Hl7Ack.Parse(await monitor.SendAsync(Hl7Messages.OneReading(device, controlId, code, valueAt(i), DateTimeOffset.UtcNow)));
            return ack.Code == "AA" ? null : $"message {i}: {ack.Code} {string.Join("; ", ack.Errors.Select(e => e.Text))}";
        });
}
