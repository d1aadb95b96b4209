using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

[Collection(RunningSystemCollection.Name)]
public sealed class SiloRestartTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_the_silo_is_stopped_and_started_again_the_patient_still_shows_the_last_vitals_and_the_alarm(bool graceful)
    {
        var (unit, patient, device) = await _ward.NewBedAsync("4");
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 210), ("spo2", 97))).StatusCode);

        await system.RestartSiloAsync(graceful);

        var after = await _ward.GetPatientAsync(patient);
        Assert.Equal(210, after.GetProperty("vitals").GetProperty("sbp").GetProperty("value").GetDouble());
        Assert.Equal(97, after.GetProperty("vitals").GetProperty("spo2").GetProperty("value").GetDouble());
        var alarm = Assert.Single(after.GetProperty("alarms").EnumerateArray());
        Assert.Equal("sbp-high", alarm.GetProperty("code").GetString());
        Assert.Equal("active", alarm.GetProperty("state").GetString());

        // The device's binding survived; after a graceful stop its duplicate detection did too. (After a
        // crash it is as fresh as the device's last snapshot, Snapshots:Interval.)
        var resent = await _ward.PostReadingsAsync(device, 1, ("sbp", 210));
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        Assert.Equal(graceful, (await resent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task Alarms_raised_after_a_silo_crash_still_reach_the_nurse()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("5");
        await using var nurse = await system.ConnectHubAsync();
        var alarms = Channel.CreateUnbounded<JsonElement>();
        nurse.On<JsonElement>("alarm", a => alarms.Writer.TryWrite(a));
        await nurse.InvokeAsync("JoinUnit", unit);

        await system.RestartSiloAsync(graceful: false);
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 230))).StatusCode);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var alarm = await alarms.Reader.ReadAsync(deadline.Token);
        Assert.Equal("sbp-high", alarm.GetProperty("code").GetString());
    }
}
