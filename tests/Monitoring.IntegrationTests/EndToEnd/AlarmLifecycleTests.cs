using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

[Collection(RunningSystemCollection.Name)]
public sealed class AlarmLifecycleTests(RunningSystem system)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task An_acknowledgement_records_who_reaches_the_dashboards_and_is_in_the_history_with_the_readings_trace()
    {
        var (unit, patient, device) = await AdmittedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        var traceId = ActivityTraceId.CreateRandom().ToString();

        await _ward.PostTracedReadingsAsync(device, 1, traceId, ("sbp", 80));
        var raised = await alarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active"), Deadline, "raised alarm");
        var alarmId = raised.GetProperty("alarmId").GetString()!;
        // The id goes into URLs, logs and the audit trail: it finds the patient without naming them.
        Assert.DoesNotContain(patient, alarmId, StringComparison.Ordinal);

        var response = await _ward.AcknowledgeAsync(alarmId, "nurse-7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var acknowledged = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("acknowledged", "nurse-7"), (acknowledged.GetProperty("state").GetString(), acknowledged.GetProperty("acknowledgedBy").GetString()));
        var pushed = await alarms.WaitForAsync(HubEvents.Alarm("sbp-low", "acknowledged"), Deadline, "acknowledged alarm");
        Assert.Equal("nurse-7", pushed.GetProperty("acknowledgedBy").GetString());

        var history = await Poll.UntilAsync(
            async () => await _ward.GetJsonAsync($"/api/v1/alarms/{alarmId}/history") is { ValueKind: JsonValueKind.Array } rows && rows.GetArrayLength() == 2 ? rows : (JsonElement?)null,
            Deadline, "two history rows");
        var (first, second) = (history!.Value[0], history.Value[1]);
        Assert.Equal((JsonValueKind.Null, "active", "raised"), (first.GetProperty("from").ValueKind, first.GetProperty("to").GetString(), first.GetProperty("reason").GetString()));
        Assert.Equal(traceId, first.GetProperty("traceId").GetString());
        Assert.Equal(("active", "acknowledged", "nurse-7"), (second.GetProperty("from").GetString(), second.GetProperty("to").GetString(), second.GetProperty("actor").GetString()));

        var acknowledgedList = await _ward.GetJsonAsync($"/api/v1/units/{unit}/alarms?state=acknowledged");
        Assert.Equal(alarmId, Assert.Single(acknowledgedList.EnumerateArray()).GetProperty("alarmId").GetString());
        Assert.Empty((await _ward.GetJsonAsync($"/api/v1/units/{unit}/alarms?state=active")).EnumerateArray());
        Assert.Single((await _ward.GetJsonAsync($"/api/v1/patients/{patient}/alarms")).EnumerateArray());
    }

    [Fact]
    public async Task A_nurse_acknowledges_from_the_dashboard_connection()
    {
        var (unit, _, device) = await AdmittedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        await _ward.PostReadingsAsync(device, 1, ("sbp", 230));
        var raised = await alarms.WaitForAsync(HubEvents.Alarm("sbp-high", "active"), Deadline, "raised alarm");

        var acknowledged = await nurse.InvokeAsync<JsonElement>("Acknowledge", raised.GetProperty("alarmId").GetString());

        Assert.Equal("acknowledged", acknowledged.GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, acknowledged.GetProperty("acknowledgedAt").ValueKind);
    }

    [Fact]
    public async Task Acknowledging_an_alarm_that_does_not_exist_gets_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _ward.AcknowledgeAsync(WardClient.NewId("p") + "~1", "nurse-7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _ward.AcknowledgeAsync("not-an-alarm", "nurse-7")).StatusCode);
    }

    [Theory]
    [InlineData("""{"hr":{"low":130,"high":120}}""", "hr.low")]
    [InlineData("""{"sbp":{"low":250}}""", "sbp.low")]
    [InlineData("""{"spo2":{"low":-5}}""", "spo2.low")]
    [InlineData("""{"temp":{"high":60}}""", "temp.high")]
    [InlineData("""{"hr":{"lowPriority":"urgent"}}""", "hr.lowPriority")]
    [InlineData("""{"hr":{"conditionDelaySeconds":-1}}""", "hr.conditionDelaySeconds")]
    [InlineData("""{"hr":{"hysteresis":200}}""", "hr.hysteresis")]
    [InlineData("""{"hr":{"loww":30}}""", "hr.loww")]
    [InlineData("""{"heart":{"low":30}}""", "heart")]
    public async Task Patient_limits_that_make_no_sense_are_refused_naming_the_field(string body, string field)
    {
        var (_, patient, _) = await AdmittedAsync();
        var before = await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits");

        var response = await system.Http.PutAsync(new Uri($"/api/v1/patients/{patient}/limits", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before.ToString(), (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits")).ToString());
    }

    [Fact]
    public async Task A_patients_own_limit_overrides_the_units_and_is_used_at_once()
    {
        var (unit, patient, device) = await AdmittedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);

        var response = await system.Http.PutAsJsonAsync($"/api/v1/patients/{patient}/limits", new { sbp = new { low = 100 } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var limits = await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits");
        Assert.Equal(100, limits.GetProperty("sbp").GetProperty("low").GetDouble());
        Assert.Equal(200, limits.GetProperty("sbp").GetProperty("high").GetDouble());
        Assert.Equal(40, limits.GetProperty("hr").GetProperty("low").GetDouble());
        await _ward.PostReadingsAsync(device, 1, ("sbp", 95));
        await alarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active", patient), Deadline, "alarm at the patient's own limit");
    }

    [Fact]
    public async Task NEWS2_lists_each_parameter_and_is_complete_only_with_all_seven()
    {
        var (_, patient, device) = await AdmittedAsync();
        await _ward.PostReadingsAsync(device, 1, ("rr", 22), ("spo2", 95), ("sbp", 105), ("hr", 95), ("temp", 38.5));

        var partial = (await _ward.GetPatientAsync(patient)).GetProperty("news2");
        Assert.False(partial.GetProperty("complete").GetBoolean());
        Assert.Equal(JsonValueKind.Null, partial.GetProperty("band").ValueKind);
        Assert.Equal(6, partial.GetProperty("score").GetInt32());
        var statuses = partial.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("parameter").GetString()!, p => p.GetProperty("status").GetString());
        Assert.Equal("missing", statuses["consciousness"]);
        Assert.Equal("missing", statuses["air-or-oxygen"]);
        Assert.Equal("scored", statuses["respiration-rate"]);

        var nurse = await system.Http.PostAsJsonAsync($"/api/v1/patients/{patient}/observations", new
        {
            readings = new object[]
            {
                new { code = "consciousness", value = "A", at = DateTimeOffset.UtcNow },
                new { code = "o2", value = true, at = DateTimeOffset.UtcNow },
            },
        });
        Assert.Equal(HttpStatusCode.Accepted, nurse.StatusCode);

        var view = await _ward.GetPatientAsync(patient);
        var complete = view.GetProperty("news2");
        Assert.True(complete.GetProperty("complete").GetBoolean());
        Assert.Equal(8, complete.GetProperty("score").GetInt32());
        Assert.Equal("high", complete.GetProperty("band").GetString());
        Assert.Equal("A", view.GetProperty("vitals").GetProperty("consciousness").GetProperty("value").GetString());
        Assert.True(view.GetProperty("vitals").GetProperty("o2").GetProperty("value").GetBoolean());
    }

    [Fact]
    public async Task An_impossible_value_raises_a_technical_sensor_fault_and_leaves_the_vitals_alone()
    {
        var (unit, patient, device) = await AdmittedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        await _ward.PostReadingsAsync(device, 1, ("spo2", 97));

        await _ward.PostReadingsAsync(device, 2, ("spo2", 101));

        var fault = await alarms.WaitForAsync(HubEvents.Alarm("sensor-fault", "active", patient), Deadline, "sensor fault");
        Assert.Equal(("technical", "spo2"), (fault.GetProperty("kind").GetString(), fault.GetProperty("vital").GetString()));
        Assert.Equal(97, (await _ward.GetPatientAsync(patient)).GetProperty("vitals").GetProperty("spo2").GetProperty("value").GetDouble());
    }

    private Task<(string Unit, string Patient, string Device)> AdmittedAsync() => _ward.NewBedAsync();
}
