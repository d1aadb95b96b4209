using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

[Collection(FailoverCollection.Name)]
public sealed class FailoverTests(FailoverSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_silent_device_raises_device_offline_and_resolves_when_data_returns()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        await _ward.PostReadingsAsync(device, 1, ("hr", 70));

        var offline = await alarms.WaitForAsync(HubEvents.Alarm("device-offline", "active"), TimeSpan.FromSeconds(15), "device-offline");
        Assert.Equal(("technical", "medium", device), (offline.GetProperty("kind").GetString(), offline.GetProperty("priority").GetString(), offline.GetProperty("deviceId").GetString()));

        await _ward.PostReadingsAsync(device, 2, ("hr", 71));
        await alarms.WaitForAsync(HubEvents.Alarm("device-offline", "resolved"), TimeSpan.FromSeconds(5), "device-offline resolved");
    }

    [Fact]
    public async Task An_escalation_still_arrives_when_the_silo_holding_the_patient_is_killed()
    {
        var second = await system.StartAdditionalSiloAsync();
        await using var probe = await ClusterProbe.ConnectAsync(system);
        var (unit, patient) = (WardClient.NewId("unit"), WardClient.NewId("p"));
        await _ward.SetUnitSettingsAsync(unit, new { escalationWindowSeconds = 10 });
        await _ward.AdmitAsync(patient, unit, "1");
        await using var onCall = await system.ConnectHubAsync();
        var escalations = new HubEvents(onCall, "escalation");
        await onCall.InvokeAsync("JoinOnCall");

        // A nurse's measurement, and no device: nothing but the patient's own reminder can wake it later.
        var measured = await system.Http.PostAsJsonAsync($"/api/v1/patients/{patient}/observations", new { readings = new[] { new { code = "sbp", value = 79, at = DateTimeOffset.UtcNow } } });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, measured.StatusCode);
        var holder = system.SiloOnPort(await probe.SiloPortOfAsync(probe.Client.GetPatient(patient)));
        await holder.KillAsync();

        var escalation = await escalations.WaitForAsync(e => e.GetProperty("patientId").GetString() == patient, TimeSpan.FromSeconds(150), "the escalation after the silo was killed");
        Assert.True(escalation.GetProperty("escalationLevel").GetInt32() >= 1);
        Assert.Equal("sbp-low", escalation.GetProperty("code").GetString());

        // Leave the system as it was: the first silo back, the second one stopped.
        if (holder == system.Silo)
        {
            await system.RestartSiloAsync(graceful: false);
        }

        await second.StopAsync(TimeSpan.FromSeconds(30));
        await second.DisposeAsync();
    }
}
