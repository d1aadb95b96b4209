using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Monitoring.IntegrationTests.EndToEnd;
using Monitoring.IntegrationTests.Infrastructure;
using Npgsql;

namespace Monitoring.IntegrationTests.Security;

/// <summary>
/// The audit trail: each audited action leaves exactly one row naming the actor, the resource, the
/// outcome and the request's trace id; nobody can change or remove a row, not even the database owner.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class AuditTrailTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    public static TheoryData<string> Actions() =>
    [
        "patient.read", "unit.read", "alarm.acknowledge", "limits.change", "patient.admit", "device.bind", "denied",
    ];

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Each_audited_action_leaves_exactly_one_row_with_its_actor_and_trace_id(string action)
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        var actor = WardClient.NewId("nurse");
        var token = system.Tokens.For(actor, ["nurse", "admin"], unit);
        var traceId = Guid.NewGuid().ToString("N");
        string? alarmId = null;
        if (action == "alarm.acknowledge")
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80))).StatusCode);
            alarmId = (await _ward.GetPatientAsync(patient)).GetProperty("alarms")[0].GetProperty("alarmId").GetString();
        }

        var (request, resource, outcome, subject) = action switch
        {
            "patient.read" => (Get($"/api/v1/patients/{patient}"), $"patient/{patient}", "success", actor),
            "unit.read" => (Get($"/api/v1/units/{unit}/board"), $"unit/{unit}", "success", actor),
            "alarm.acknowledge" => (Send(HttpMethod.Post, $"/api/v1/alarms/{alarmId}/acknowledge", "{}"), $"alarm/{alarmId}", "success", actor),
            "limits.change" => (Send(HttpMethod.Put, $"/api/v1/patients/{patient}/limits", """{"hr":{"high":110}}"""), $"patient/{patient}", "success", actor),
            "patient.admit" => (Send(HttpMethod.Post, "/api/v1/patients", $$"""{"patientId":"{{patient}}-2","unitId":"{{unit}}","bed":"2"}"""), $"patient/{patient}-2", "success", actor),
            "device.bind" => (Send(HttpMethod.Put, $"/api/v1/devices/{device}-2/binding", $$"""{"patientId":"{{patient}}"}"""), $"device/{device}-2", "success", actor),
            _ => (Get($"/api/v1/units/{WardClient.NewId("unit")}/board"), "", "denied", actor),
        };
        request.Headers.Authorization = TestTokens.Bearer(token);
        request.Headers.Add("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01");
        using var raw = new HttpClient { BaseAddress = system.ApiUrl };

        using var response = await raw.SendAsync(request);

        Assert.True(response.StatusCode < HttpStatusCode.InternalServerError, await response.Content.ReadAsStringAsync());
        var rows = await RowsOfTraceAsync(traceId);
        var row = Assert.Single(rows);
        Assert.Equal(subject, row.GetProperty("subject").GetString());
        Assert.Equal(action == "denied" ? "unit.read" : action, row.GetProperty("action").GetString());
        Assert.Equal(outcome, row.GetProperty("outcome").GetString());
        if (resource.Length > 0)
        {
            Assert.Equal(resource, row.GetProperty("resource").GetString());
        }

        Assert.Equal("127.0.0.1", row.GetProperty("clientAddress").GetString());
        Assert.Equal(subject == "anonymous" ? "" : "admin,nurse", row.GetProperty("roles").GetString());
    }

    [Fact]
    public async Task Failed_sign_ins_are_counted_into_one_row_per_source_and_second_so_a_flood_of_bad_tokens_cannot_fill_the_trail()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var forged = TestTokens.Bearer(TestTokens.WrongKey("intruder", ["admin"], "*"));
        using var raw = new HttpClient { BaseAddress = system.ApiUrl };

        var answers = await Task.WhenAll(Enumerable.Range(0, 300).Select(async _ =>
        {
            using var request = Get("/api/v1/me");
            request.Headers.Authorization = forged;
            return (await raw.SendAsync(request)).StatusCode;
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a));
        // Other tests' bad tokens (from the same address) may be counted in the same rows: at least ours are.
        const string Rows = """
            select count(*)::int as rows, coalesce(sum(split_part(reason, ' ', 1)::int), 0)::int as failures
            from audit_events where action = 'sign-in' and outcome = 'failed' and client_address = '127.0.0.1' and at >= $1
            """;
        var counted = await Poll.UntilAsync<int[]>(async () =>
        {
            await using var command = system.Database.DataSource.CreateCommand(Rows);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = since.UtcDateTime });
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return reader.GetInt32(1) >= 300 ? [reader.GetInt32(0), reader.GetInt32(1)] : null;
        }, TimeSpan.FromSeconds(15), "the 300 failed sign-ins counted in the audit trail");
        var (rows, failures) = (counted[0], counted[1]);
        var elapsed = DateTimeOffset.UtcNow - since;
        Assert.True(rows <= (int)Math.Ceiling(elapsed.TotalSeconds) + 1, $"{rows} rows for {failures} failed sign-ins in {elapsed.TotalSeconds:0.0} s: not one row per second");
        Assert.True(failures >= 300);
    }

    [Fact]
    public async Task Rows_cannot_be_changed_or_removed_even_by_the_database_owner()
    {
        var traceId = Guid.NewGuid().ToString("N");
        using var request = Get("/api/v1/me");
        request.Headers.Add("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01");
        await _ward.GetPatientAsync((await _ward.NewBedAsync()).Patient); // something audited is there
        var count = await system.Database.ScalarAsync<long>("select count(*) from audit_events");
        Assert.True(count > 0);

        foreach (var sql in new[] { "update audit_events set subject = 'someone else'", "delete from audit_events", "truncate audit_events" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => system.Database.ScalarAsync<object>(sql));
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.True(await system.Database.ScalarAsync<long>("select count(*) from audit_events") >= count);
        Assert.Equal(0L, await system.Database.ScalarAsync<long>("select count(*) from audit_events where subject = 'someone else'"));
    }

    /// <summary>
    /// The rows of one trace once the trail has caught up: a marker request made after it is in the
    /// trail, and rows are written in order, so nothing of the trace is still on its way.
    /// </summary>
    private async Task<List<JsonElement>> RowsOfTraceAsync(string traceId)
    {
        var marker = Guid.NewGuid().ToString("N");
        using (var request = Get($"/api/v1/patients/{WardClient.NewId("nobody")}"))
        {
            request.Headers.Add("traceparent", $"00-{marker}-{Guid.NewGuid().ToString("N")[..16]}-01");
            using var _ = await system.Http.SendAsync(request);
        }

        await Poll.UntilAsync(async () => (await AuditAsync(marker)).Count > 0 ? true : (bool?)null, TimeSpan.FromSeconds(10), "the marker in the audit trail");
        return await AuditAsync(traceId);
    }

    private async Task<List<JsonElement>> AuditAsync(string traceId) =>
        (await system.Http.GetFromJsonAsync<JsonElement>($"/api/v1/audit?traceId={traceId}")).EnumerateArray().ToList();

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Send(HttpMethod method, string path, string json) =>
        new(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
