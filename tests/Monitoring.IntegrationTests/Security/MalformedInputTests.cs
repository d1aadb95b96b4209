using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Monitoring.IntegrationTests.EndToEnd;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Security;

/// <summary>
/// The malformed corpus against the running system: every input gets a 4xx (HL7: AE or AR, or the
/// connection closed for a broken frame), never a 5xx; the api stays up; and nothing about the bed
/// the input was aimed at changes in the database.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class MalformedInputTests(RunningSystem system)
{
    /// <summary>The JSON endpoints, by name: the path for a bed (its patient, unit, device and an open alarm).</summary>
    private static readonly Dictionary<string, (HttpMethod Method, Func<Bed, string> Path)> JsonEndpoints = new()
    {
        ["device readings"] = (HttpMethod.Post, b => $"/api/v1/devices/{b.Device}/readings"),
        ["admission"] = (HttpMethod.Post, b => "/api/v1/patients"),
        ["patient limits"] = (HttpMethod.Put, b => $"/api/v1/patients/{b.Patient}/limits"),
        ["unit settings"] = (HttpMethod.Put, b => $"/api/v1/units/{b.Unit}/settings"),
        ["device binding"] = (HttpMethod.Put, b => $"/api/v1/devices/{b.Device}/binding"),
        ["nurse observations"] = (HttpMethod.Post, b => $"/api/v1/patients/{b.Patient}/observations"),
        ["acknowledgement"] = (HttpMethod.Post, b => $"/api/v1/alarms/{b.AlarmId}/acknowledge"),
    };

    public static TheoryData<string, string> JsonCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in JsonEndpoints.Keys)
        {
            foreach (var input in MalformedInputs.Json.Keys)
            {
                data.Add(endpoint, input);
            }
        }

        return data;
    }

    public static TheoryData<string> FhirCases() => [.. MalformedInputs.Fhir.Keys];

    public static TheoryData<string> Hl7Cases() => [.. MalformedInputs.Hl7.Keys];

    [Theory]
    [MemberData(nameof(JsonCases))]
    public async Task A_broken_JSON_body_is_refused_with_a_4xx_and_changes_nothing(string endpoint, string input)
    {
        var bed = await NewBedAsync(withAlarm: endpoint == "acknowledgement");
        var (method, path) = JsonEndpoints[endpoint];
        var body = MalformedInputs.Json[input]();
        var before = await FingerprintAsync(bed);

        using var request = new HttpRequestMessage(method, path(bed)) { Content = new ByteArrayContent(body.Bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(body.ContentType);
        request.Headers.ExpectContinue = true; // as uploaders do: an oversized body is refused before it is sent
        using var response = await system.Http.SendAsync(request);

        await AssertRefusedAsync(response, $"{endpoint} with {input}");
        Assert.Equal(before, await FingerprintAsync(bed));
    }

    [Theory]
    [MemberData(nameof(FhirCases))]
    public async Task A_broken_FHIR_Observation_is_refused_with_a_4xx_and_changes_nothing(string input)
    {
        var bed = await NewBedAsync(withAlarm: false);
        var body = MalformedInputs.Fhir[input]();
        var bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body.Bytes).Replace("PATIENT", bed.Patient, StringComparison.Ordinal));
        var before = await FingerprintAsync(bed);

        using var content = new ByteArrayContent(input == "invalid UTF-8" ? body.Bytes : bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(body.ContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Observation") { Content = content, Headers = { ExpectContinue = true } };
        using var response = await system.Http.SendAsync(request);

        await AssertRefusedAsync(response, input);
        Assert.Equal(before, await FingerprintAsync(bed));
    }

    [Theory]
    [MemberData(nameof(Hl7Cases))]
    public async Task A_broken_HL7_message_gets_AE_or_AR_or_a_closed_connection_and_changes_nothing(string input)
    {
        var bed = await NewBedAsync(withAlarm: false, device: Hl7Messages.Eui64());
        await system.AllowOverMllpAsync(bed.Device);
        var message = MalformedInputs.Hl7[input]().Replace("DEVICE", bed.Device, StringComparison.Ordinal);
        var before = await FingerprintAsync(bed);

        string? ack;
        await using (var gateway = await MllpClient.ConnectAsync(system.MllpPort))
        {
            await gateway.SendRawAsync([0x0B, .. Encoding.UTF8.GetBytes(message), 0x1C, 0x0D]);
            ack = await gateway.ReadAckOrCloseAsync(TimeSpan.FromSeconds(10));
        }

        Assert.True(ack is null || ack.Contains("MSA|AE", StringComparison.Ordinal) || ack.Contains("MSA|AR", StringComparison.Ordinal), $"{input}: {ack}");
        Assert.False(system.Api.HasExited, "the api stopped");
        Assert.True((await system.Http.GetAsync(new Uri("/healthz/live", UriKind.Relative))).IsSuccessStatusCode);
        Assert.Equal(before, await FingerprintAsync(bed));
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string what)
    {
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{what}: {status} {await response.Content.ReadAsStringAsync()}");
        Assert.False(system.Api.HasExited, "the api stopped");
        Assert.True((await system.Http.GetAsync(new Uri("/healthz/live", UriKind.Relative))).IsSuccessStatusCode);
    }

    /// <summary>What the database holds about the bed: its history, alarms, census rows and grain state.</summary>
    private async Task<string> FingerprintAsync(Bed bed) =>
        await system.Database.ScalarAsync<string>(
            """
            select concat_ws(' | ',
                (select count(*) from vitals_readings where patient_id = $1),
                (select count(*) from alarm_history where patient_id = $1),
                (select string_agg(row_to_json(p)::text, ',' order by patient_id) from patients p where unit_id = $2),
                (select string_agg(row_to_json(b)::text, ',' order by binding_id) from device_bindings b where patient_id = $1 or device_id = $3),
                (select string_agg(version || ':' || md5(coalesce(payloadbinary, ''::bytea)), ',' order by graintypestring, grainidextensionstring)
                   from orleansstorage where grainidextensionstring in ($1, $2, $3)))
            """,
            bed.Patient,
            bed.Unit,
            bed.Device);

    private async Task<Bed> NewBedAsync(bool withAlarm, string? device = null)
    {
        var ward = new WardClient(system.Http);
        var (unit, patient) = (WardClient.NewId("unit"), WardClient.NewId("p"));
        device ??= WardClient.NewId("dev");
        await ward.AdmitAsync(patient, unit, "1");
        await ward.BindAsync(device, patient);
        string? alarmId = null;
        if (withAlarm)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await ward.PostReadingsAsync(device, 1, ("sbp", 80))).StatusCode);
            alarmId = (await ward.GetPatientAsync(patient)).GetProperty("alarms")[0].GetProperty("alarmId").GetString();
            // Settled: the raise is stored, and the patient's snapshot written.
            await Poll.UntilAsync(
                async () => (await system.Http.GetAsync(new Uri($"/api/v1/alarms/{alarmId}/history", UriKind.Relative))).IsSuccessStatusCode
                    && await FingerprintAsync(new Bed(unit, patient, device, alarmId)) is var first && first == await FingerprintAsync(new Bed(unit, patient, device, alarmId)) ? true : (bool?)null,
                TimeSpan.FromSeconds(10),
                "the alarm stored");
        }

        return new Bed(unit, patient, device, alarmId);
    }

    private sealed record Bed(string Unit, string Patient, string Device, string? AlarmId);
}
