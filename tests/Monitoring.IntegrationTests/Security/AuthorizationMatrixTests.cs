using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.EndToEnd;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Security;

/// <summary>
/// Every endpoint and hub method, for every role, in its own unit and another, with no token, an
/// expired token and a token signed with the wrong key: each gets exactly the expected status.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class AuthorizationMatrixTests(RunningSystem system)
{
    // Read when each request is made, after its bed's device was bound: readings from before a binding are not taken (422).
    private static string Now => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The endpoints: who may call, what success looks like, and the request for a fresh bed.</summary>
    private static readonly Dictionary<string, (Rule Rule, HttpStatusCode Success, bool NeedsAlarm, Func<Bed, HttpRequestMessage> Request)> Calls = new()
    {
        ["GET units"] = (new(Rule.People, false), HttpStatusCode.OK, false, b => Get("/api/v1/units")),
        ["GET unit board"] = (new(Rule.People, true), HttpStatusCode.OK, false, b => Get($"/api/v1/units/{b.Unit}/board")),
        ["GET unit alarms"] = (new(Rule.People, true), HttpStatusCode.OK, false, b => Get($"/api/v1/units/{b.Unit}/alarms")),
        ["GET unit limits"] = (new(Rule.People, true), HttpStatusCode.OK, false, b => Get($"/api/v1/units/{b.Unit}/limits")),
        ["PUT unit limits"] = (new(Rule.Admins, true), HttpStatusCode.OK, false, b => Send(HttpMethod.Put, $"/api/v1/units/{b.Unit}/limits", "{}")),
        ["GET unit alarm analytics"] = (new(Rule.Admins, true), HttpStatusCode.OK, false, b => Get($"/api/v1/units/{b.Unit}/alarm-analytics")),
        ["GET unit alarm analytics CSV"] = (new(Rule.Admins, true), HttpStatusCode.OK, false, b => Get($"/api/v1/units/{b.Unit}/alarm-analytics.csv")),
        ["GET unit settings"] = (new(Rule.People, true), HttpStatusCode.OK, false, b => Get($"/api/v1/units/{b.Unit}/settings")),
        ["PUT unit settings"] = (new(Rule.Admins, true), HttpStatusCode.OK, false, b => Send(HttpMethod.Put, $"/api/v1/units/{b.Unit}/settings", """{"escalateMedium":false}""")),
        ["POST admission"] = (new(Rule.Admins, true), HttpStatusCode.Created, false, b => Send(HttpMethod.Post, "/api/v1/patients", $$"""{"patientId":"{{WardClient.NewId("p")}}","unitId":"{{b.Unit}}","bed":"2"}""")),
        ["GET patient"] = (new(Rule.People, true), HttpStatusCode.OK, false, b => Get($"/api/v1/patients/{b.Patient}")),
        ["DELETE patient"] = (new(Rule.Admins, true), HttpStatusCode.NoContent, false, b => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/patients/{b.Patient}")),
        ["POST observations"] = (new(Rule.Clinicians, true), HttpStatusCode.Accepted, false, b => Send(HttpMethod.Post, $"/api/v1/patients/{b.Patient}/observations", $$"""{"readings":[{"code":"consciousness","value":"A","at":"{{Now}}"}]}""")),
        ["GET patient limits"] = (new(Rule.People, true), HttpStatusCode.OK, false, b => Get($"/api/v1/patients/{b.Patient}/limits")),
        ["PUT patient limits"] = (new(Rule.Admins, true), HttpStatusCode.OK, false, b => Send(HttpMethod.Put, $"/api/v1/patients/{b.Patient}/limits", """{"hr":{"high":120}}""")),
        ["PUT patient settings"] = (new(Rule.Admins, true), HttpStatusCode.OK, false, b => Send(HttpMethod.Put, $"/api/v1/patients/{b.Patient}/settings", """{"spo2Scale":2}""")),
        ["GET patient alarms"] = (new(Rule.People, true), HttpStatusCode.OK, false, b => Get($"/api/v1/patients/{b.Patient}/alarms")),
        ["GET patient vitals"] = (new(Rule.People, true), HttpStatusCode.OK, false, b => Get($"/api/v1/patients/{b.Patient}/vitals?code=hr")),
        ["POST device readings"] = (new(Rule.Devices, false, DeviceItselfOnly: true), HttpStatusCode.Accepted, false, b => Send(HttpMethod.Post, $"/api/v1/devices/{b.Device}/readings", $$"""{"sequence":7,"readings":[{"code":"hr","value":80,"at":"{{Now}}"}]}""")),
        ["PUT device binding"] = (new(Rule.Admins, true), HttpStatusCode.OK, false, b => Send(HttpMethod.Put, $"/api/v1/devices/{WardClient.NewId("dev")}/binding", $$"""{"patientId":"{{b.Patient}}"}""")),
        ["GET escalated alarms"] = (new(Rule.OnCall, false), HttpStatusCode.OK, false, b => Get("/api/v1/alarms/escalated")),
        ["POST acknowledge"] = (new(Rule.Clinicians, true), HttpStatusCode.OK, true, b => Send(HttpMethod.Post, $"/api/v1/alarms/{b.AlarmId}/acknowledge", "{}")),
        ["GET alarm history"] = (new(Rule.People, true), HttpStatusCode.OK, true, b => Get($"/api/v1/alarms/{b.AlarmId}/history")),
        ["POST FHIR device Observation"] = (new(Rule.Devices, false, DeviceItselfOnly: true), HttpStatusCode.Created, false, b => Fhir(b, $$"""{"reference":"Device/{{b.Device}}"}""", "device")),
        ["POST FHIR patient Observation"] = (new(Rule.Clinicians, true), HttpStatusCode.Created, false, b => Fhir(b, $$"""{"reference":"Patient/{{b.Patient}}"}""", "subject")),
        ["GET FHIR Observation search"] = (new(Rule.People, true), HttpStatusCode.OK, false, b => Get($"/fhir/Observation?patient={b.Patient}&category=vital-signs")),
        ["GET FHIR Observation $lastn"] = (new(Rule.People, true), HttpStatusCode.OK, false, b => Get($"/fhir/Observation/$lastn?patient={b.Patient}&max=2")),
        ["GET FHIR Patient"] = (new(Rule.People, true), HttpStatusCode.OK, false, b => Get($"/fhir/Patient/{b.Patient}")),
        // A device is no patient's data: people of any unit read it (the patient it is bound to only where they may).
        ["GET FHIR Device"] = (new(Rule.People, false), HttpStatusCode.OK, false, b => Get($"/fhir/Device/{b.Device}")),
        ["GET FHIR metadata"] = (new(Rule.Everyone, false, Anonymous: true), HttpStatusCode.OK, false, b => Get("/fhir/metadata")),
        ["GET push public key"] = (new(Rule.OnCall, false), HttpStatusCode.OK, false, b => Get("/api/v1/push/public-key")),
        // This system has no push keys: an on-call caller's well-formed subscription is refused as push is off.
        ["POST push subscription"] = (new(Rule.OnCall, false), HttpStatusCode.Conflict, false, b => Send(HttpMethod.Post, "/api/v1/push/subscriptions", """{"endpoint":"https://push.example.com/1","expirationTime":null,"keys":{"p256dh":"BO3hYZm-mekbt6GwbU-mX6iU6pkITYS4KoMCS3Zd6FvN0mGDiYUCFsCAy8u7tcZGmT4x8LF-0BTyi-ZShrinah4","auth":"AAAAAAAAAAAAAAAAAAAAAA"}}""")),
        ["PUT ADT location"] = (new(Rule.Admins, true), HttpStatusCode.OK, false, b => Send(HttpMethod.Put, $"/api/v1/locations/{WardClient.NewId("POC")}/1/1", $$"""{"unitId":"{{b.Unit}}","bed":"{{WardClient.NewId("bed")}}"}""")),
        ["GET unit ADT locations"] = (new(Rule.Admins, true), HttpStatusCode.OK, false, b => Get($"/api/v1/units/{b.Unit}/locations")),
        ["GET me"] = (new(Rule.Everyone, false), HttpStatusCode.OK, false, b => Get("/api/v1/me")),
        ["GET audit"] = (new(Rule.Admins, false), HttpStatusCode.OK, false, b => Get("/api/v1/audit?limit=1")),
        ["GET healthz live"] = (new(Rule.Everyone, false, Anonymous: true), HttpStatusCode.OK, false, b => Get("/healthz/live")),
        ["GET healthz ready"] = (new(Rule.Everyone, false, Anonymous: true), HttpStatusCode.OK, false, b => Get("/healthz/ready")),
    };

    private static readonly Dictionary<string, (Rule Rule, Func<HubConnection, Bed, Task> Invoke)> HubMethods = new()
    {
        ["JoinUnit"] = (new(Rule.People, true), (hub, b) => hub.InvokeAsync("JoinUnit", b.Unit)),
        ["JoinPatient"] = (new(Rule.People, true), (hub, b) => hub.InvokeAsync("JoinPatient", b.Patient)),
        ["JoinOnCall"] = (new(Rule.OnCall, false), (hub, b) => hub.InvokeAsync("JoinOnCall")),
        ["Acknowledge"] = (new(Rule.Clinicians, true), (hub, b) => hub.InvokeAsync<JsonElement>("Acknowledge", b.AlarmId)),
    };

    public static TheoryData<string, Caller> EndpointCases() => Cases(Calls.Keys);

    public static TheoryData<string, Caller> HubCases() => Cases(HubMethods.Keys);

    [Theory]
    [MemberData(nameof(EndpointCases))]
    public async Task Each_endpoint_answers_each_caller_as_the_matrix_says(string call, Caller caller)
    {
        var (rule, success, needsAlarm, request) = Calls[call];
        var bed = await NewBedAsync(needsAlarm, storedAlarm: call == "GET alarm history");
        using var http = new HttpClient { BaseAddress = system.ApiUrl }; // no signing-in handler: the token is the case's own
        using var message = request(bed);
        if (TokenFor(caller, bed) is { } token)
        {
            message.Headers.Authorization = TestTokens.Bearer(token);
        }

        using var response = await http.SendAsync(message);

        var expected = AccessMatrix.Expected(rule, caller, success);
        Assert.True(expected == response.StatusCode, $"{call} as {caller}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [MemberData(nameof(HubCases))]
    public async Task Each_hub_method_answers_each_caller_as_the_matrix_says(string method, Caller caller)
    {
        var (rule, invoke) = HubMethods[method];
        var bed = await NewBedAsync(needsAlarm: method == "Acknowledge", storedAlarm: false);
        // Only people may connect at all: no token, a bad one or a device's is refused at the door.
        var connectRule = new Rule(Rule.People, false);
        var expected = AccessMatrix.Expected(connectRule, caller, HttpStatusCode.OK) is var door && door != HttpStatusCode.OK
            ? door
            : AccessMatrix.Expected(rule, caller, HttpStatusCode.OK);

        var token = TokenFor(caller, bed);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(system.ApiUrl, "/hubs/monitoring"), o => o.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        HttpStatusCode actual;
        try
        {
            await hub.StartAsync();
            await invoke(hub, bed);
            actual = HttpStatusCode.OK;
        }
        catch (HttpRequestException refused) when (refused.StatusCode is { } status)
        {
            actual = status;
        }
        catch (HubException forbidden) when (forbidden.Message.Contains("Forbidden", StringComparison.Ordinal))
        {
            actual = HttpStatusCode.Forbidden;
        }

        Assert.True(expected == actual, $"{method} as {caller}: expected {(int)expected}, got {(int)actual}");
    }

    [Fact]
    public async Task Lists_across_units_show_only_the_callers_units()
    {
        var mine = await NewBedAsync(needsAlarm: false, storedAlarm: false);
        var theirs = await NewBedAsync(needsAlarm: false, storedAlarm: false);
        using var http = new HttpClient { BaseAddress = system.ApiUrl };
        http.DefaultRequestHeaders.Authorization = TestTokens.Bearer(system.Tokens.For("nurse-lists", ["nurse"], mine.Unit));

        var units = await http.GetStringAsync(new Uri("/api/v1/units", UriKind.Relative));

        Assert.Contains(mine.Unit, units, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Unit, units, StringComparison.Ordinal);
    }

    private string? TokenFor(Caller caller, Bed bed)
    {
        var tokens = system.Tokens;
        return caller switch
        {
            Caller.NoToken => null,
            Caller.ExpiredToken => tokens.Expired("expired", ["nurse", "oncall", "admin"], "*"),
            Caller.WrongKeyToken => TestTokens.WrongKey("forged", ["nurse", "oncall", "admin"], "*"),
            Caller.DeviceItself => tokens.Device(bed.Device),
            Caller.OtherDevice => tokens.Device(WardClient.NewId("dev")),
            _ => tokens.For($"{caller}".ToLowerInvariant(), [AccessMatrix.Role(caller)], AccessMatrix.OwnUnit(caller) ? bed.Unit : bed.OtherUnit),
        };
    }

    /// <summary>A new unit with a patient and a bound device; with an open alarm when asked (stored in the history too).</summary>
    private async Task<Bed> NewBedAsync(bool needsAlarm, bool storedAlarm)
    {
        var ward = new WardClient(system.Http);
        var (unit, patient, device) = await ward.NewBedAsync();
        string? alarmId = null;
        if (needsAlarm)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await ward.PostReadingsAsync(device, 1, ("sbp", 80))).StatusCode); // sbp-low, at once
            alarmId = (await ward.GetPatientAsync(patient)).GetProperty("alarms")[0].GetProperty("alarmId").GetString();
            if (storedAlarm)
            {
                await Poll.UntilAsync(
                    async () => (await system.Http.GetAsync(new Uri($"/api/v1/alarms/{alarmId}/history", UriKind.Relative))).IsSuccessStatusCode ? true : (bool?)null,
                    TimeSpan.FromSeconds(10),
                    "the alarm in the history");
            }
        }

        return new Bed(unit, WardClient.NewId("unit"), patient, device, alarmId);
    }

    private static TheoryData<string, Caller> Cases(IEnumerable<string> names)
    {
        var data = new TheoryData<string, Caller>();
        foreach (var name in names)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                data.Add(name, caller);
            }
        }

        return data;
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Send(HttpMethod method, string path, string json) =>
        new(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpRequestMessage Fhir(Bed bed, string reference, string field) =>
        new(HttpMethod.Post, "/fhir/Observation")
        {
            Content = new StringContent(
                $$$"""
                {"resourceType":"Observation","id":"{{{WardClient.NewId("obs")}}}","status":"final",
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},
                 "{{{field}}}":{{{reference}}},"effectiveDateTime":"{{{Now}}}",
                 "valueQuantity":{"value":72,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}
                """,
                Encoding.UTF8,
                "application/fhir+json"),
        };

    /// <summary>The case's bed: its unit, another unit, the patient, the bound device and an open alarm if asked for.</summary>
    public sealed record Bed(string Unit, string OtherUnit, string Patient, string Device, string? AlarmId);
}
