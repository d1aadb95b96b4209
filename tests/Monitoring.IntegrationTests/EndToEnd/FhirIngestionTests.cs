using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>FHIR R4 vital-signs Observations in through <c>POST /fhir/Observation</c> and out as a searchset Bundle.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class FhirIngestionTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    [SharedFixtureTheory]
    [InlineData("fhir/observation-example-heart-rate.json", "hr=44", "8867-4")]
    [InlineData("fhir/observation-example-bloodpressure.json", "sbp=107 dbp=60", "85354-9")]
    [InlineData("fhir/observation-example-satO2.json", "spo2=95", "2708-6")]
    public async Task HL7s_own_examples_become_the_patients_vitals_and_come_back_as_a_searchset(string file, string expected, string loinc)
    {
        // The examples are about Patient/example.
        await _ward.AdmitAsync("example", WardClient.NewId("unit"), "1");

        var response = await PostAsync(SharedFixtures.Read(file));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var history = await Poll.UntilAsync(async () => await SearchAsync("example") is var b && Codes(b).Contains(loinc) ? b : (JsonElement?)null, TimeSpan.FromSeconds(10), "the observation in the searchset");
        Assert.Equal("searchset", history!.Value.GetProperty("type").GetString());
        var stored = (await _ward.GetJsonAsync("/api/v1/patients/example/vitals?from=1990-01-01T00:00:00Z&resolution=full")).GetProperty("readings").EnumerateArray().ToList();
        foreach (var pair in expected.Split(' '))
        {
            var (code, value) = (pair.Split('=')[0], double.Parse(pair.Split('=')[1], CultureInfo.InvariantCulture));
            Assert.Contains(stored, r => r.GetProperty("code").GetString() == code && r.GetProperty("value").GetDouble() == value);
        }
    }

    [Fact]
    public async Task A_devices_observation_of_our_own_goes_to_its_patient_and_comes_back_in_the_bundle()
    {
        var (_, patient, device) = await _ward.NewBedAsync();
        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
        var observation = $$$"""
            {"resourceType":"Observation","id":"own-{{{device}}}","status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
             "code":{"coding":[{"system":"http://loinc.org","code":"8310-5","display":"Body temperature"}]},
             "device":{"reference":"Device/{{{device}}}"},"effectiveDateTime":"{{{at}}}",
             "valueQuantity":{"value":101.3,"unit":"degF","system":"http://unitsofmeasure.org","code":"[degF]"}}
            """;

        // Sent by the device itself; any other device is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(observation, system.Tokens.Device(WardClient.NewId("dev")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(observation, system.Tokens.Device(device))).StatusCode);

        Assert.Equal(38.5, (await _ward.GetPatientAsync(patient)).GetProperty("vitals").GetProperty("temp").GetProperty("value").GetDouble(), 1);
        var bundle = await Poll.UntilAsync(async () => await SearchAsync(patient) is var b && Codes(b).Contains("8310-5") ? b : (JsonElement?)null, TimeSpan.FromSeconds(10), "the temperature in the bundle");
        var resource = bundle!.Value.GetProperty("entry")[0].GetProperty("resource");
        Assert.Equal(38.5, resource.GetProperty("valueQuantity").GetProperty("value").GetDouble(), 1);
        Assert.Equal("Cel", resource.GetProperty("valueQuantity").GetProperty("code").GetString());
        Assert.Equal($"Patient/{patient}", resource.GetProperty("subject").GetProperty("reference").GetString());
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","id":"x"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"resourceType":"Observation",""", HttpStatusCode.BadRequest)]
    [InlineData("""{"resourceType":"Observation","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/nobody-here"},"effectiveDateTime":"2026-01-01T10:00:00Z","valueQuantity":{"value":80,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}""", HttpStatusCode.NotFound)]
    public async Task A_resource_we_cannot_take_gets_an_OperationOutcome(string body, HttpStatusCode expected)
    {
        var response = await PostAsync(body);

        Assert.Equal(expected, response.StatusCode);
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Equal("error", outcome.GetProperty("issue")[0].GetProperty("severity").GetString());
    }

    /// <summary>Posts as the staff member (a nurse entering observations), or with <paramref name="token"/>.</summary>
    private async Task<HttpResponseMessage> PostAsync(string json, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Observation") { Content = new StringContent(json, Encoding.UTF8, "application/fhir+json") };
        if (token is not null)
        {
            request.Headers.Authorization = TestTokens.Bearer(token);
        }

        return await system.Http.SendAsync(request);
    }

    private async Task<JsonElement> SearchAsync(string patient) =>
        await _ward.GetJsonAsync($"/fhir/Observation?patient={patient}&category=vital-signs");

    private static List<string?> Codes(JsonElement bundle) =>
        bundle.TryGetProperty("entry", out var entries)
            ? entries.EnumerateArray().SelectMany(e => e.GetProperty("resource").GetProperty("code").GetProperty("coding").EnumerateArray()).Select(c => c.GetProperty("code").GetString()).ToList()
            : [];
}
