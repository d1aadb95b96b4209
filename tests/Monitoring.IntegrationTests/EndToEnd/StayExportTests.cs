using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Tests.Shared.Fhir;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>A system whose minute roll-up runs every second, so a stay's minute trends exist within seconds.</summary>
public sealed class QuickRollupSystem() : RunningSystem(new Dictionary<string, string>
{
    ["VitalsHistory__RollupEvery"] = "00:00:01",
});

/// <summary>
/// A stay exported as FHIR over HTTP, as an EHR interface would fetch it: a patient admitted, a device streaming,
/// an alarm raised and acknowledged, the discharge; the stays listed and the Bundle validated as received with the
/// Firely validator, zero errors. A nurse of another unit is refused, an unknown stay is 404, and a re-admission
/// is a second stay whose data the first stay's Bundle does not hold.
/// </summary>
public sealed class StayExportTests(QuickRollupSystem system, ITestOutputHelper output) : IClassFixture<QuickRollupSystem>
{
    private static readonly OfflineFhirValidator Validator = new();
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_discharged_stay_is_listed_and_its_FHIR_bundle_validates_with_zero_errors_holding_the_minute_observations_and_the_acknowledged_alarm()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("4");
        var sequence = await StreamUntilMinuteTrendsAsync(patient, device, 1, ("hr", 72), ("spo2", 97), ("rr", 16), ("sbp", 124), ("dbp", 78), ("temp", 37.1));
        // Systolic 210 is past its high limit with no delay: sbp-high, medium, at once.
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, sequence, ("sbp", 210), ("dbp", 95))).StatusCode);
        var alarmId = await ActiveAlarmAsync(patient, "sbp-high");
        Assert.Equal(HttpStatusCode.OK, (await _ward.AcknowledgeAsync(alarmId, "nurse-kim")).StatusCode);
        await Poll.UntilAsync(
            async () => (await _ward.GetJsonAsync($"/api/v1/alarms/{alarmId}/history")).EnumerateArray().Any(t => t.GetProperty("alarm").GetProperty("acknowledgedBy").ValueKind == JsonValueKind.String) ? true : (bool?)null,
            TimeSpan.FromSeconds(10), "the acknowledgement in the alarm history");
        Assert.Equal(HttpStatusCode.NoContent, (await system.Http.DeleteAsync(new Uri($"/api/v1/patients/{patient}", UriKind.Relative))).StatusCode);

        var stay = Assert.Single((await _ward.GetJsonAsync($"/api/v1/patients/{patient}/stays")).EnumerateArray());
        Assert.Equal((unit, "4"), (stay.GetProperty("unitId").GetString(), stay.GetProperty("bed").GetString()));
        Assert.Equal(JsonValueKind.String, stay.GetProperty("dischargedAt").ValueKind);
        var bundle = await ExportAsync(patient, stay.GetProperty("stayId").GetString()!);

        AssertValid(bundle);
        var resources = bundle.Entry.Select(e => e.Resource).ToList();
        Assert.Equal(Encounter.EncounterStatus.Finished, resources.OfType<Encounter>().Single().Status);
        var observations = resources.OfType<Observation>().ToList();
        foreach (var loinc in new[] { "8867-4", "2708-6", "9279-1", "85354-9", "8310-5" })
        {
            Assert.Contains(observations, o => o.Code.Coding[0].Code == loinc && o.Effective is Period);
        }

        Assert.Contains(observations, o => o.Code.Coding[0].Code == "8867-4" && ((Quantity)o.Value!).Value == 72m);
        var issue = Assert.Single(resources.OfType<DetectedIssue>());
        Assert.Equal(("sbp-high", DetectedIssue.DetectedIssueSeverity.Moderate), (issue.Code!.Coding[0].Code, issue.Severity));
        Assert.Equal("nurse-kim", issue.Mitigation.Single(m => m.Action.Coding[0].Code == "acknowledged").Author!.Identifier!.Value);
        Assert.NotNull(((Period)issue.Identified!).End); // the discharge ended it
    }

    [Fact]
    public async Task A_nurse_of_another_unit_is_refused_an_unknown_stay_is_404_and_a_malformed_one_400_naming_stayId()
    {
        var (_, patient, _) = await _ward.NewBedAsync("5");
        var stayId = (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/stays"))[0].GetProperty("stayId").GetString();
        var stranger = system.Tokens.For("nurse-elsewhere", ["nurse"], WardClient.NewId("unit"));

        foreach (var path in new[] { $"/api/v1/patients/{patient}/stays", $"/api/v1/patients/{patient}/stays/{stayId}/fhir" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = TestTokens.Bearer(stranger);
            using var refused = await system.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using var unknown = await system.Http.GetAsync(new Uri($"/api/v1/patients/{patient}/stays/{Guid.NewGuid()}/fhir", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        // Another patient's stay is as unknown as none.
        var (_, other, _) = await _ward.NewBedAsync("6");
        using var notTheirs = await system.Http.GetAsync(new Uri($"/api/v1/patients/{other}/stays/{stayId}/fhir", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);

        using var malformed = await system.Http.GetAsync(new Uri($"/api/v1/patients/{patient}/stays/not-a-stay/fhir", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("stayId", (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));

        // The export is audited as one: a bulk read of the patient's data.
        using var exported = await system.Http.GetAsync(new Uri($"/api/v1/patients/{patient}/stays/{stayId}/fhir", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from audit_events where action = 'stay.export' and resource = $1 and outcome = 'success'", $"patient/{patient}") == 1 ? true : (bool?)null,
            TimeSpan.FromSeconds(10), "the export in the audit trail");
    }

    [Fact]
    public async Task A_readmission_opens_a_second_stay_and_the_first_stays_bundle_holds_none_of_its_data()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("7");
        var sequence = await StreamUntilMinuteTrendsAsync(patient, device, 1, ("hr", 61), ("temp", 36.8));
        Assert.Equal(HttpStatusCode.NoContent, (await system.Http.DeleteAsync(new Uri($"/api/v1/patients/{patient}", UriKind.Relative))).StatusCode);
        // Back in the next minute: the minute trends cannot tell apart two stays' readings within one minute.
        var discharged = DateTimeOffset.UtcNow;
        var nextMinute = new DateTimeOffset(discharged.UtcTicks - (discharged.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
        await Poll.UntilAsync(() => System.Threading.Tasks.Task.FromResult(DateTimeOffset.UtcNow >= nextMinute ? true : (bool?)null), TimeSpan.FromSeconds(70), "the next minute");

        await _ward.AdmitAsync(patient, unit, "7");
        await _ward.BindAsync(device, patient);
        // Temperature 39.6 is past its high limit with no delay: temp-high, in the second stay only.
        await StreamUntilMinuteTrendsAsync(patient, device, sequence, ("hr", 118), ("temp", 39.6));
        await ActiveAlarmAsync(patient, "temp-high");

        var stays = (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/stays")).EnumerateArray().ToList();
        Assert.Equal(2, stays.Count);
        var (second, first) = (stays[0], stays[1]); // newest first
        Assert.Equal(JsonValueKind.Null, second.GetProperty("dischargedAt").ValueKind);
        Assert.True(first.GetProperty("dischargedAt").GetDateTimeOffset() <= second.GetProperty("admittedAt").GetDateTimeOffset());

        var firstBundle = await ExportAsync(patient, first.GetProperty("stayId").GetString()!);
        var secondBundle = await ExportAsync(patient, second.GetProperty("stayId").GetString()!);

        AssertValid(firstBundle);
        AssertValid(secondBundle);
        Assert.DoesNotContain(HeartRates(firstBundle), v => v > 100);
        Assert.Empty(firstBundle.Entry.Select(e => e.Resource).OfType<DetectedIssue>());
        Assert.Contains(HeartRates(secondBundle), v => v > 100);
        Assert.DoesNotContain(HeartRates(secondBundle), v => v < 100);
        Assert.Equal("temp-high", Assert.Single(secondBundle.Entry.Select(e => e.Resource).OfType<DetectedIssue>()).Code!.Coding[0].Code);
        Assert.Equal(Encounter.EncounterStatus.InProgress, secondBundle.Entry.Select(e => e.Resource).OfType<Encounter>().Single().Status);
        Assert.NotEqual(
            firstBundle.Entry.Select(e => e.Resource).OfType<Encounter>().Single().Identifier[0].Value,
            secondBundle.Entry.Select(e => e.Resource).OfType<Encounter>().Single().Identifier[0].Value);
    }

    private static IEnumerable<decimal> HeartRates(Bundle bundle) =>
        bundle.Entry.Select(e => e.Resource).OfType<Observation>().Where(o => o.Code.Coding[0].Code == "8867-4").Select(o => ((Quantity)o.Value!).Value!.Value);

    /// <summary>Posts batches from the device (one now, then another while waiting) until the minute trends hold the patient's heart rate.</summary>
    private async Task<long> StreamUntilMinuteTrendsAsync(string patient, string device, long sequence, params (string Code, double Value)[] readings)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, sequence++, readings)).StatusCode);
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture));
        var hr = readings.Single(r => r.Code == "hr").Value;
        await Poll.UntilAsync(
            async () => (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/vitals?code=hr&from={from}&resolution=minute")).GetProperty("minutes").EnumerateArray()
                .Any(m => m.GetProperty("value").GetDouble() == hr) ? true : (bool?)null,
            TimeSpan.FromSeconds(30), "the minute trends to take in the readings");
        return sequence;
    }

    private async Task<string> ActiveAlarmAsync(string patient, string code) =>
        (await Poll.UntilAsync(
            async () => (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/alarms?state=active")).EnumerateArray()
                .Where(a => a.GetProperty("code").GetString() == code).Select(a => a.GetProperty("alarmId").GetString()).FirstOrDefault(),
            TimeSpan.FromSeconds(10), $"the {code} alarm in the history"))!;

    /// <summary>The stay's Bundle as received over HTTP, read strictly as FHIR JSON.</summary>
    private async Task<Bundle> ExportAsync(string patient, string stayId)
    {
        using var response = await system.Http.GetAsync(new Uri($"/api/v1/patients/{patient}/stays/{stayId}/fhir", UriKind.Relative));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {json}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var bundle = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict)).Deserialize<Bundle>(json);
        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        return bundle;
    }

    private void AssertValid(Bundle bundle)
    {
        var errors = Validator.Errors(bundle, output.WriteLine, "http://hl7.org/fhir/StructureDefinition/Bundle").ToList();
        foreach (var resource in bundle.Entry.Select(e => e.Resource!))
        {
            errors.AddRange(Validator.Errors(resource, output.WriteLine, OfflineFhirValidator.ProfilesOf(resource)));
        }

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }
}
