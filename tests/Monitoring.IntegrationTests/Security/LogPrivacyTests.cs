using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Monitoring.IntegrationTests.EndToEnd;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Security;

/// <summary>
/// A patient's whole stay, through REST, HL7 v2 and FHIR, with the silo's and the api's logs
/// captured: the MRN and the name used appear nowhere in them; the logs name the patient by a
/// keyed hash instead.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed partial class LogPrivacyTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_stay_through_every_interface_leaves_no_MRN_or_name_in_the_logs()
    {
        var mrn = "MRN" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999);
        var (family, given) = ("Quillfeather" + Guid.NewGuid().ToString("N")[..6], "Ysolde" + Guid.NewGuid().ToString("N")[..6]);
        var unit = WardClient.NewId("unit");
        var device = Hl7Messages.Eui64();
        await _ward.AdmitAsync(mrn, unit, "4");
        await _ward.BindAsync(device, mrn);
        await system.AllowOverMllpAsync(device);

        // HL7 v2 from a gateway, naming the patient in PID-3 and PID-5.
        await using (var gateway = await MllpClient.ConnectAsync(system.MllpPort))
        {
            var message = Hl7Messages.OneReading(device, "ctl-" + Guid.NewGuid().ToString("N")[..8], "150456^MDC_PULS_OXIM_SAT_O2^MDC", 85, DateTimeOffset.UtcNow);
            var withPatient = message.Insert(message.IndexOf('\r') + 1, $"PID|1||{mrn}^^^HOSP^MR||{family}^{given}||19500101|F\r");
            Assert.Contains("MSA|AA", await gateway.SendAsync(withPatient), StringComparison.Ordinal);
        }

        // FHIR from a nurse's charting system, with the patient's name as the reference's display.
        var observation = $$$"""
            {"resourceType":"Observation","status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
             "code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]},
             "subject":{"reference":"Patient/{{{mrn}}}","display":"{{{given}}} {{{family}}}"},"effectiveDateTime":"{{{DateTimeOffset.UtcNow:O}}}",
             "valueQuantity":{"value":39.6,"unit":"Cel","system":"http://unitsofmeasure.org","code":"Cel"}}
            """;
        using (var fhir = await system.Http.PostAsync(new Uri("/fhir/Observation", UriKind.Relative), new StringContent(observation, Encoding.UTF8, "application/fhir+json")))
        {
            Assert.Equal(HttpStatusCode.Created, fhir.StatusCode);
        }

        // Alarms, read, acknowledged; a refused read for a patient not admitted; discharge.
        var alarms = (await _ward.GetPatientAsync(mrn)).GetProperty("alarms").EnumerateArray().ToList();
        Assert.NotEmpty(alarms);
        Assert.Equal(HttpStatusCode.OK, (await _ward.AcknowledgeAsync(alarms[0].GetProperty("alarmId").GetString()!, "nurse-privacy")).StatusCode);
        using (var nobody = await system.Http.GetAsync(new Uri($"/api/v1/patients/{mrn}X", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
        }

        // ADT from the patient administration system, naming the patient in PID-5: a transfer to bed 5.
        var feed = new AdtFeed(system);
        var pointOfCare = WardClient.NewId("PRIV");
        await feed.MapAsync(pointOfCare, "1", "5", unit, "5");
        var transfer = AdtFeed.Message("A02", "ctl-" + Guid.NewGuid().ToString("N")[..8], mrn, DateTimeOffset.UtcNow, $"{pointOfCare}^1^5")
            .Replace("EVERYWOMAN^EVE^E", $"{family}^{given}", StringComparison.Ordinal);
        Assert.Equal("AA", (await feed.SendAsync(transfer)).Code);

        Assert.Equal(HttpStatusCode.NoContent, (await system.Http.DeleteAsync(new Uri($"/api/v1/patients/{mrn}", UriKind.Relative))).StatusCode);

        // The stay was logged (admission, binding, discharge), with the patient as a hash.
        var discharged = await Poll.UntilAsync(
            // This stay's discharge, among those of other tests on the shared system.
            () => Task.FromResult(DischargeLine().Matches(system.Logs).FirstOrDefault(m => m.Value.Contains(unit, StringComparison.Ordinal))?.Value),
            TimeSpan.FromSeconds(10),
            "the discharge in the silo's log\n" + string.Join("\n", system.Logs.Split('\n').Where(l => l.Contains("atient", StringComparison.Ordinal)).TakeLast(10)));
        Assert.Matches(@"Patient #[0-9a-f]{12} discharged", discharged);

        var logs = system.Logs;
        foreach (var secret in new[] { mrn, family, given })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.OrdinalIgnoreCase);
        }
    }

    [GeneratedRegex(@"Patient \S+ discharged from unit \S+")]
    private static partial Regex DischargeLine();
}
