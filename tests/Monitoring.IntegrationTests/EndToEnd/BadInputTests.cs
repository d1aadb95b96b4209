using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

[Collection(RunningSystemCollection.Name)]
public sealed class BadInputTests(RunningSystem system)
{
    private const string ValidAt = "\"2026-01-01T10:00:00Z\"";
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task Readings_from_an_unknown_device_get_404()
    {
        var response = await _ward.PostReadingsAsync(WardClient.NewId("nobody"), 1, ("hr", 80));

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_patient_gets_404_when_read_or_bound()
    {
        var patient = WardClient.NewId("ghost");

        await AssertProblemAsync(await system.Http.GetAsync(new Uri($"/api/v1/patients/{patient}", UriKind.Relative)), HttpStatusCode.NotFound);
        await AssertProblemAsync(
            await system.Http.PutAsJsonAsync($"/api/v1/devices/{WardClient.NewId("dev")}/binding", new { patientId = patient }),
            HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"sequence":2,"readings":[{"code":"hr","value":"fast","at":AT}]}""", "readings[0].value")]
    [InlineData("""{"sequence":2,"readings":[{"code":"hr","value":NaN,"at":AT}]}""", "readings[0].value")]
    [InlineData("""{"sequence":2,"readings":[{"code":"hr","value":Infinity,"at":AT}]}""", "readings[0].value")]
    [InlineData("""{"sequence":2,"readings":[{"code":"hr","value":"NaN","at":AT}]}""", "readings[0].value")]
    [InlineData("""{"sequence":2,"readings":[{"code":"hr","value":1e400,"at":AT}]}""", "readings[0].value")]
    [InlineData("""{"sequence":2,"readings":[{"code":"hr","at":AT}]}""", "readings[0].value")]
    [InlineData("""{"sequence":2,"readings":[{"value":80,"at":AT}]}""", "readings[0].code")]
    [InlineData("""{"sequence":2,"readings":[{"code":"hr","value":80}]}""", "readings[0].at")]
    [InlineData("""{"sequence":2,"readings":[{"code":"hr","value":80,"at":"yesterday"}]}""", "readings[0].at")]
    [InlineData("""{"sequence":2,"readings":[{"code":"pulse-ish","value":80,"at":AT}]}""", "readings[0].code")]
    [InlineData("""{"readings":[{"code":"hr","value":80,"at":AT}]}""", "sequence")]
    [InlineData("""{"sequence":-1,"readings":[{"code":"hr","value":80,"at":AT}]}""", "sequence")]
    [InlineData("""{"sequence":"two","readings":[{"code":"hr","value":80,"at":AT}]}""", "sequence")]
    [InlineData("""{"sequence":2}""", "readings")]
    [InlineData("""{"sequence":2,"readings":[]}""", "readings")]
    [InlineData("""{"sequence":2,"readings":[{"code":"hr","value":80,"at":AT},{"code":"spo2","value":"x","at":AT}]}""", "readings[1].value")]
    [InlineData("""{"sequence":2,"readings":[{"code":"hr","value":80,"at":AT}""", "readings")]
    public async Task A_refused_batch_names_the_field_and_stores_nothing(string body, string field)
    {
        var (patient, device) = await AdmittedPatientWithDeviceAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("hr", 70))).StatusCode);

        var response = await PostRawAsync($"/api/v1/devices/{device}/readings", body.Replace("AT", ValidAt, StringComparison.Ordinal));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for '{field}', got {problem}");
        var after = await _ward.GetPatientAsync(patient);
        Assert.Equal(70, after.GetProperty("vitals").GetProperty("hr").GetProperty("value").GetDouble());
        Assert.False(after.GetProperty("vitals").TryGetProperty("spo2", out _));

        // The refused batch did not use up its sequence number: sent again, corrected, it is taken.
        var corrected = await _ward.PostReadingsAsync(device, 2, ("hr", 71));
        Assert.False((await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
    }

    [Theory]
    [InlineData("""{"unitId":"icu","bed":"1"}""", "patientId")]
    [InlineData("""{"patientId":"p 1","unitId":"icu","bed":"1"}""", "patientId")]
    [InlineData("""{"patientId":"p-1","bed":"1"}""", "unitId")]
    [InlineData("""{"patientId":"p-1","unitId":"icu","bed":12}""", "bed")]
    public async Task A_refused_admission_names_the_field(string body, string field)
    {
        var problem = await AssertProblemAsync(await PostRawAsync("/api/v1/patients", body), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for '{field}', got {problem}");
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415()
    {
        using var content = new StringContent("hr=80", Encoding.UTF8, "text/plain");
        var response = await system.Http.PostAsync(new Uri($"/api/v1/devices/{WardClient.NewId("dev")}/readings", UriKind.Relative), content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_second_patient_in_an_occupied_bed_gets_409_and_changes_nothing()
    {
        var unit = WardClient.NewId("unit");
        var (first, second) = (WardClient.NewId("p"), WardClient.NewId("p"));
        await _ward.AdmitAsync(first, unit, "9");

        var response = await system.Http.PostAsJsonAsync("/api/v1/patients", new { patientId = second, unitId = unit, bed = "9" });

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(first, (await _ward.GetPatientAsync(first)).GetProperty("patientId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await system.Http.GetAsync(new Uri($"/api/v1/patients/{second}", UriKind.Relative))).StatusCode);
    }

    private async Task<(string Patient, string Device)> AdmittedPatientWithDeviceAsync()
    {
        var (_, patient, device) = await _ward.NewBedAsync();
        return (patient, device);
    }

    private Task<HttpResponseMessage> PostRawAsync(string path, string json)
    {
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        return system.Http.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }
}
