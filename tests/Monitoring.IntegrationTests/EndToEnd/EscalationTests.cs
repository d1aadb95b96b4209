using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

[Collection(RunningSystemCollection.Name)]
public sealed class EscalationTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task An_unacknowledged_high_alarm_reaches_on_call_after_the_units_window_and_an_acknowledged_one_does_not()
    {
        var unit = WardClient.NewId("unit");
        await _ward.SetUnitSettingsAsync(unit, new { escalationWindowSeconds = 5 });
        var (answered, ignored) = (WardClient.NewId("p"), WardClient.NewId("p"));
        var (answeredDevice, ignoredDevice) = (WardClient.NewId("dev"), WardClient.NewId("dev"));
        await _ward.AdmitAsync(answered, unit, "1");
        await _ward.AdmitAsync(ignored, unit, "2");
        await _ward.BindAsync(answeredDevice, answered);
        await _ward.BindAsync(ignoredDevice, ignored);
        await using var nurse = await system.ConnectHubAsync();
        await using var onCall = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        var escalations = new HubEvents(onCall, "escalation");
        await nurse.InvokeAsync("JoinUnit", unit);
        await onCall.InvokeAsync("JoinOnCall");

        await _ward.PostReadingsAsync(answeredDevice, 1, ("sbp", 82));
        var first = await alarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active", answered), TimeSpan.FromSeconds(5), "the first alarm");
        await _ward.AcknowledgeAsync(first.GetProperty("alarmId").GetString()!, "nurse-3");
        await _ward.PostReadingsAsync(ignoredDevice, 1, ("sbp", 81));

        // The ignored alarm was raised after the answered one, so by the time it escalates the
        // answered one would have escalated too, had acknowledging not stopped it.
        // On-call hears of every unit; other tests' alarms may be escalating too.
        var escalation = await escalations.WaitForAsync(e => e.GetProperty("unitId").GetString() == unit, TimeSpan.FromSeconds(20), "an escalation from this unit");
        Assert.Equal(ignored, escalation.GetProperty("patientId").GetString());
        Assert.True(escalation.GetProperty("escalated").GetBoolean());
        Assert.Equal(1, escalation.GetProperty("escalationLevel").GetInt32());
        Assert.Equal("high", escalation.GetProperty("priority").GetString());
        Assert.DoesNotContain(escalations.Received, e => e.GetProperty("patientId").GetString() == answered);
        await alarms.WaitForAsync(e => e.GetProperty("patientId").GetString() == ignored && e.GetProperty("escalated").GetBoolean(), TimeSpan.FromSeconds(5), "the escalated alarm on the unit's board");
    }
}
