using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// What-if replays on the real system: a desaturation raised live and acknowledged by a nurse is stored; the rules in
/// force, replayed by a silo over that stored history (an empty proposal), raise it again at the same moment; a proposal that lowers the
/// desaturation limit below the dip loses it, is flagged, and is applied only with a reason, audited with the figures.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class AlarmReplayTests(RunningSystem system)
{
    private static readonly TimeSpan ReplayDeadline = TimeSpan.FromSeconds(60);
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task The_rules_in_force_replayed_reproduce_the_stored_desaturation_and_a_lower_desaturation_limit_loses_it_is_flagged_and_needs_a_reason()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("12");
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        await SendDipAsync(_ward, device);
        var desat = await Poll.UntilAsync(async () => (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/alarms")).EnumerateArray()
            .FirstOrDefault(a => a.GetProperty("code").GetString() == "spo2-desat") is { ValueKind: JsonValueKind.Object } alarm ? alarm.GetProperty("alarmId").GetString() : null,
            TimeSpan.FromSeconds(10), "the live desaturation alarm");
        Assert.Equal(HttpStatusCode.OK, (await _ward.AcknowledgeAsync(desat, "nurse-ana")).StatusCode);
        await Poll.UntilAsync(async () => await system.Database.ScalarAsync<long>(
            "select count(*) from alarm_history where alarm_id = $1 and reason = 'acknowledged'", desat) > 0 ? "stored" : null, TimeSpan.FromSeconds(10), "the acknowledgement in the history");
        var to = DateTimeOffset.UtcNow;

        var asIs = await ReplayAsync(unit, from, to, "{}");
        var outcome = asIs.GetProperty("outcome");
        Assert.Equal((1, 1), (Total(outcome, "stored"), Total(outcome, "proposed")));
        Assert.Equal((1, 0, 0), (Match(outcome, "same"), Match(outcome, "storedOnly"), Match(outcome, "proposedOnly")));
        Assert.Empty(outcome.GetProperty("highPriorityChanges").EnumerateArray());
        Assert.False(outcome.GetProperty("flagged").GetBoolean());
        Assert.Equal((1, 1), (asIs.GetProperty("progress").GetProperty("patients").GetInt32(), asIs.GetProperty("progress").GetProperty("patientsDone").GetInt32()));

        var lower = await ReplayAsync(unit, from, to, """{"spo2":{"lowTiers":[{"code":"spo2-desat","limit":75,"priority":"high"}]}}""");
        var change = Assert.Single(lower.GetProperty("outcome").GetProperty("highPriorityChanges").EnumerateArray());
        Assert.Equal(("spo2-desat", "lost", "12", patient), (Text(change, "code"), Text(change, "outcome"), Text(change, "bed"), Text(change, "patientId")));
        Assert.True(lower.GetProperty("outcome").GetProperty("flagged").GetBoolean());
        Assert.Equal(0, Total(lower.GetProperty("outcome"), "proposed"));

        var replayId = Text(lower, "replayId");
        var refused = await system.Http.PostAsJsonAsync($"/api/v1/units/{unit}/alarm-replays/{replayId}/apply", new { });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(80, DesaturationLimit(await _ward.GetJsonAsync($"/api/v1/units/{unit}/limits")));

        var applied = await system.Http.PostAsJsonAsync($"/api/v1/units/{unit}/alarm-replays/{replayId}/apply", new { reason = "Probe artefact on this unit; reviewed with Dr Berg" });
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(75, DesaturationLimit(await _ward.GetJsonAsync($"/api/v1/units/{unit}/limits")));
        var audited = await Poll.UntilAsync(() => system.Database.ScalarAsync<string?>(
            "select reason from audit_events where action = 'limits.apply-replay' and resource = $1 and outcome = 'success'", $"unit/{unit}"), TimeSpan.FromSeconds(10), "the audit row of the applied proposal");
        Assert.Contains("alarms stored 1, proposed 0; high priority lost 1, delayed 0", audited, StringComparison.Ordinal);
        Assert.Contains("flagged; reason: Probe artefact on this unit; reviewed with Dr Berg", audited, StringComparison.Ordinal);

        var again = await system.Http.PostAsJsonAsync($"/api/v1/units/{unit}/alarm-replays/{replayId}/apply", new { reason = "Probe artefact on this unit; reviewed with Dr Berg" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_proposal_reviewed_against_other_limits_is_not_applied_once_the_limits_in_force_change()
    {
        var (unit, _, _) = await _ward.NewBedAsync("3");
        var now = DateTimeOffset.UtcNow;
        var replay = await ReplayAsync(unit, now.AddMinutes(-5), now, """{"hr":{"high":140}}""");
        await _ward.PutAsync($"/api/v1/units/{unit}/limits", new { hr = new { high = 135 } });

        var answer = await system.Http.PostAsJsonAsync($"/api/v1/units/{unit}/alarm-replays/{Text(replay, "replayId")}/apply", new { });

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal(135, (await _ward.GetJsonAsync($"/api/v1/units/{unit}/limits")).GetProperty("hr").GetProperty("high").GetDouble());
    }

    [Fact]
    public async Task A_replay_whose_silo_died_is_taken_up_by_another_once_its_lease_runs_out_and_one_claimed_too_often_is_marked_failed()
    {
        var (unit, _, _) = await _ward.NewBedAsync("7");
        const string Orphan = """
            insert into alarm_replays (unit_id, period_from, period_to, flag_delay_seconds, proposal, proposal_body, requested_by, status, lease_owner, lease_until, attempts)
            values ($1, now() - interval '1 hour', now(), 10, '[]', '{}', 'test-admin', 'running', 'a-silo-that-died', now() - interval '1 second', $2)
            returning replay_id::text
            """;
        var takenUp = await system.Database.ScalarAsync<string>(Orphan, unit, 1);
        var givenUp = await system.Database.ScalarAsync<string>(Orphan, unit, 3);

        var done = await Poll.UntilAsync(async () => await _ward.GetJsonAsync($"/api/v1/units/{unit}/alarm-replays/{takenUp}") is var r && Text(r, "status") == "done" ? (JsonElement?)r : null,
            ReplayDeadline, "the orphaned replay to be taken up and finished");
        Assert.Equal(1, done!.Value.GetProperty("progress").GetProperty("patients").GetInt32());
        Assert.Equal(2, await system.Database.ScalarAsync<int>("select attempts from alarm_replays where replay_id = $1::uuid", takenUp));
        var failed = await Poll.UntilAsync(async () => await _ward.GetJsonAsync($"/api/v1/units/{unit}/alarm-replays/{givenUp}") is var r && Text(r, "status") == "failed" ? (JsonElement?)r : null,
            ReplayDeadline, "the replay claimed too often to be marked failed");
        Assert.Equal("Gave up after 3 attempts (each silo running it stopped).", Text(failed!.Value, "error"));
    }

    [Theory]
    [InlineData("""{"from":"2026-11-01T00:00:00Z","to":"2026-11-09T00:00:00Z","limits":{}}""", "to")]
    [InlineData("""{"from":"2026-11-01T00:00:00","to":"2026-11-02T00:00:00Z","limits":{}}""", "from")]
    [InlineData("""{"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","limits":{"spo2":{"lowTiers":[{"limit":95,"priority":"high"}]}}}""", "spo2.lowTiers[0].limit")]
    [InlineData("""{"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","limits":{},"flagDelaySeconds":900}""", "flagDelaySeconds")]
    [InlineData("""{"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z"}""", "limits")]
    [InlineData("""{"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","limits":{},"patientId":"p-not-here"}""", "patientId")]
    public async Task A_bad_request_gets_400_naming_the_field_and_queues_nothing(string body, string field)
    {
        var (unit, _, _) = await _ward.NewBedAsync("4");

        var answer = await system.Http.PostAsync(new Uri($"/api/v1/units/{unit}/alarm-replays", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await system.Database.ScalarAsync<long>("select count(*) from alarm_replays where unit_id = $1", unit));
    }

    [Fact]
    public async Task A_nurse_and_an_admin_of_another_unit_may_not_replay_the_units_limits()
    {
        var (unit, _, _) = await _ward.NewBedAsync("5");
        var body = new { from = DateTimeOffset.UtcNow.AddHours(-1), to = DateTimeOffset.UtcNow, limits = new { } };

        foreach (var token in new[] { system.Tokens.For("nurse-ana", ["nurse"], unit), system.Tokens.For("admin-elsewhere", ["admin"], "unit-other") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/units/{unit}/alarm-replays") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = TestTokens.Bearer(token);
            Assert.Equal(HttpStatusCode.Forbidden, (await system.Http.SendAsync(request)).StatusCode);
        }
    }

    /// <summary>SpO2 97 %, then a dip to 78 % (a desaturation, raised at once by default), then 97 % again: one batch after another, as measured.</summary>
    internal static async Task SendDipAsync(WardClient ward, string device)
    {
        var sequence = 0;
        foreach (var spo2 in Enumerable.Repeat(97.0, 10).Concat(Enumerable.Repeat(78.0, 10)).Concat(Enumerable.Repeat(97.0, 10)))
        {
            var answer = await ward.PostReadingsAsync(device, ++sequence, ("hr", 72), ("spo2", spo2));
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        }
    }

    /// <summary>Queues a replay of the unit's period under <paramref name="limits"/> and waits for the silo to finish it.</summary>
    private async Task<JsonElement> ReplayAsync(string unit, DateTimeOffset from, DateTimeOffset to, string limits)
    {
        var body = $$"""{"from":"{{Iso(from)}}","to":"{{Iso(to)}}","limits":{{limits}}}""";
        var queued = await system.Http.PostAsync(new Uri($"/api/v1/units/{unit}/alarm-replays", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var location = queued.Headers.Location!.ToString();
        Assert.Equal("queued", Text(await queued.Content.ReadFromJsonAsync<JsonElement>(), "status"));
        var done = await Poll.UntilAsync(async () => await _ward.GetJsonAsync(location) is var replay && Text(replay, "status") is "done" or "failed" ? (JsonElement?)replay : null,
            ReplayDeadline, "the replay to finish");
        Assert.Equal("done", Text(done!.Value, "status"));
        return done.Value;
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture);

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();

    private static int Total(JsonElement outcome, string name) => outcome.GetProperty("totals").GetProperty(name).GetInt32();

    private static int Match(JsonElement outcome, string name) => outcome.GetProperty("match").GetProperty(name).GetInt32();

    private static double DesaturationLimit(JsonElement limits) =>
        limits.GetProperty("spo2").GetProperty("lowTiers").EnumerateArray().Single(t => t.GetProperty("code").GetString() == "spo2-desat").GetProperty("limit").GetDouble();
}
