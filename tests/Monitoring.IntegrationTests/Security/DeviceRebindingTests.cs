using System.Net;
using System.Net.Http.Json;
using Monitoring.IntegrationTests.EndToEnd;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Security;

/// <summary>Taking a device from a patient of another unit stops that patient's monitoring: it needs rights in both units, and that patient is told.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class DeviceRebindingTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    private async Task<HttpResponseMessage> BindAsAsync(string token, string deviceId, string patientId)
    {
        using var http = new HttpClient { BaseAddress = system.ApiUrl };
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/devices/{deviceId}/binding") { Content = JsonContent.Create(new { patientId }) };
        request.Headers.Authorization = TestTokens.Bearer(token);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task An_admin_of_one_unit_cannot_take_a_device_in_use_in_another_unit_and_an_admin_of_both_can()
    {
        var (icu, monitored, device) = await _ward.NewBedAsync();
        var (ward, other, _) = await _ward.NewBedAsync();

        using var refused = await BindAsAsync(system.Tokens.For("admin-of-ward", ["admin"], ward), device, other);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var detail = await refused.Content.ReadAsStringAsync();
        Assert.Contains("in use for a patient of a unit that is not among yours", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(icu, detail, StringComparison.Ordinal); // which unit is not the caller's to know
        // The device still reports for the patient it was bound to.
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("hr", 72))).StatusCode);
        Assert.Equal(72, (await _ward.GetPatientAsync(monitored)).GetProperty("vitals").GetProperty("hr").GetProperty("value").GetDouble());

        using var taken = await BindAsAsync(system.Tokens.For("admin-of-both", ["admin"], ward, icu), device, other);

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        // The patient who lost the monitor is told: a technical alarm until a device is bound again.
        var alarm = (await _ward.GetPatientAsync(monitored)).GetProperty("alarms").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "device-unbound");
        Assert.Equal(("technical", "medium", "active"), (alarm.GetProperty("kind").GetString(), alarm.GetProperty("priority").GetString(), alarm.GetProperty("state").GetString()));
        await _ward.BindAsync(WardClient.NewId("dev"), monitored);
        Assert.DoesNotContain((await _ward.GetPatientAsync(monitored)).GetProperty("alarms").EnumerateArray(), a => a.GetProperty("code").GetString() == "device-unbound");
    }

    [Fact]
    public async Task A_device_whose_patient_was_discharged_may_be_bound_by_an_admin_of_the_new_patients_unit()
    {
        var (_, discharged, device) = await _ward.NewBedAsync();
        var (ward, other, _) = await _ward.NewBedAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await system.Http.DeleteAsync(new Uri($"/api/v1/patients/{discharged}", UriKind.Relative))).StatusCode);

        using var bound = await BindAsAsync(system.Tokens.For("admin-of-ward", ["admin"], ward), device, other);

        Assert.Equal(HttpStatusCode.OK, bound.StatusCode);
    }
}
