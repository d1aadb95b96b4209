using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// The one clock rule on the JSON and FHIR ways in, as a device and a nurse at the central station see it: a reading
/// dated more than 30 s ahead is refused naming its field, and the device's patient shows <c>device-clock</c> with the
/// skew until the device sends a batch that is taken. Readings measured before the device was bound are not taken.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class ReadingClockTests(RunningSystem system)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_JSON_reading_an_hour_ahead_is_refused_naming_its_at_and_the_patient_shows_device_clock_until_the_next_batch_is_taken()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);

        var refused = await _ward.PostReadingsAsync(device, 1, DateTimeOffset.UtcNow.AddHours(1), ("hr", 70));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("ahead of the server's clock", errors.GetProperty("readings[0].at")[0].GetString(), StringComparison.Ordinal);
        var clock = await alarms.WaitForAsync(HubEvents.Alarm("device-clock", "active", patient), Deadline, "the device-clock alarm");
        Assert.Equal("technical", clock.GetProperty("kind").GetString());
        Assert.InRange(clock.GetProperty("value").GetDouble(), 3590, 3600);
        Assert.False((await _ward.GetPatientAsync(patient)).GetProperty("vitals").TryGetProperty("hr", out _));

        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 2, ("hr", 71))).StatusCode);
        await alarms.WaitForAsync(HubEvents.Alarm("device-clock", "resolved", patient), Deadline, "device-clock to end with the next batch taken");
    }

    [Fact]
    public async Task A_JSON_reading_measured_before_the_binding_is_not_taken_and_says_so_and_a_batch_of_only_such_readings_gets_422()
    {
        var (_, patient, device) = await _ward.NewBedAsync();
        var before = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

        var mixed = await Post(device, 1, ("hr", 61, before), ("spo2", 96, now));
        var old = await Post(device, 2, ("hr", 62, before));

        Assert.Equal(HttpStatusCode.Accepted, mixed.StatusCode);
        var answer = await mixed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, false, 1), (answer.GetProperty("accepted").GetInt32(), answer.GetProperty("duplicate").GetBoolean(), answer.GetProperty("refusedBeforeBinding").GetInt32()));
        Assert.Equal((HttpStatusCode)422, old.StatusCode);
        var problem = await old.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("The reading was measured before the device was bound", problem.GetProperty("errors").GetProperty("readings")[0].GetString(), StringComparison.Ordinal);
        var vitals = (await _ward.GetPatientAsync(patient)).GetProperty("vitals");
        Assert.Equal(96, vitals.GetProperty("spo2").GetProperty("value").GetDouble());
        Assert.False(vitals.TryGetProperty("hr", out _));

        // An ordinary batch says nothing of bindings.
        var plain = await (await _ward.PostReadingsAsync(device, 3, ("hr", 63))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(plain.TryGetProperty("refusedBeforeBinding", out _), plain.ToString());
    }

    [Fact]
    public async Task A_devices_FHIR_Observation_dated_ahead_is_refused_and_raises_device_clock_and_one_measured_before_the_binding_gets_422()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);

        var ahead = await PostFhirAsync(device, "ahead", DateTimeOffset.UtcNow.AddHours(2));
        var beforeBinding = await PostFhirAsync(device, "before", DateTimeOffset.UtcNow.AddMinutes(-5));

        Assert.Equal(HttpStatusCode.BadRequest, ahead.StatusCode);
        var issue = (await ahead.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("issue")[0];
        Assert.Equal("Observation.effectiveDateTime", issue.GetProperty("expression")[0].GetString());
        var clock = await alarms.WaitForAsync(HubEvents.Alarm("device-clock", "active", patient), Deadline, "the device-clock alarm");
        Assert.InRange(clock.GetProperty("value").GetDouble(), 7190, 7200);
        Assert.Equal((HttpStatusCode)422, beforeBinding.StatusCode);
        var outcome = await beforeBinding.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("OperationOutcome", "business-rule"), (outcome.GetProperty("resourceType").GetString(), outcome.GetProperty("issue")[0].GetProperty("code").GetString()));
        Assert.False((await _ward.GetPatientAsync(patient)).GetProperty("vitals").TryGetProperty("temp", out _));
    }

    private Task<HttpResponseMessage> Post(string device, long sequence, params (string Code, double Value, string At)[] readings) =>
        system.Http.PostAsJsonAsync($"/api/v1/devices/{device}/readings", new { sequence, readings = readings.Select(r => new { code = r.Code, value = r.Value, at = r.At }) });

    private async Task<HttpResponseMessage> PostFhirAsync(string device, string id, DateTimeOffset effective)
    {
        var at = effective.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
        var observation = $$$"""
            {"resourceType":"Observation","id":"{{{id}}}-{{{device}}}","status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
             "code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]},
             "device":{"reference":"Device/{{{device}}}"},"effectiveDateTime":"{{{at}}}",
             "valueQuantity":{"value":37.1,"unit":"Cel","system":"http://unitsofmeasure.org","code":"Cel"}}
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Observation") { Content = new StringContent(observation, Encoding.UTF8, "application/fhir+json") };
        request.Headers.Authorization = TestTokens.Bearer(system.Tokens.Device(device));
        return await system.Http.SendAsync(request);
    }
}
