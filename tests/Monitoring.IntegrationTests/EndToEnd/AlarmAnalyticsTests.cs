using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// A unit's alarm analytics as its nurse lead reads them: every figure equals plain SQL over the same alarm
/// history and stays, for a seeded week and for the last seven days with alarms raised just now; who may read
/// them; the period's checks; the CSV export.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class AlarmAnalyticsTests(RunningSystem system)
{
    private const double Tolerance = 1e-6;
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_seeded_week_reads_as_plain_SQL_over_the_same_alarms_and_stays_says_for_every_figure()
    {
        var week = await AlarmWeek.SeedAsync(system, DateTimeOffset.UtcNow.Date.AddDays(-20));
        var lead = Lead(week.Unit);

        var analytics = await ReadAsync(lead, $"/api/v1/units/{week.Unit}/alarm-analytics?from={Iso(week.From)}&to={Iso(week.To)}");

        Assert.Equal(week.RaisedInPeriod, analytics.GetProperty("totals").GetProperty("raised").GetInt32());
        Assert.Equal(120, analytics.GetProperty("selfResolvedSeconds").GetInt32());
        await AssertEqualsPlainSqlAsync(analytics, week.Unit);
        // The seed has every fate: none of these may be empty for the comparison to mean anything.
        var totals = analytics.GetProperty("totals");
        Assert.All(["selfResolved", "acknowledged", "escalations", "reAlarms"], name => Assert.True(totals.GetProperty(name).GetInt32() > 0, name));
        Assert.Equal(10, analytics.GetProperty("topConditions").GetArrayLength());
        // Bed 4's only stay ended before the period: it has no bed-days and no alarms, so it is not listed.
        Assert.Equal(["1", "10", "2", "3"], analytics.GetProperty("byBed").EnumerateArray().Select(b => b.GetProperty("bed").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_last_seven_days_by_default_hold_an_alarm_raised_acknowledged_and_ended_just_now_through_the_system()
    {
        var week = await AlarmWeek.SeedAsync(system, DateTimeOffset.UtcNow.AddDays(-7.5));
        var (patient, device) = (WardClient.NewId("p"), WardClient.NewId("dev"));
        await _ward.AdmitAsync(patient, week.Unit, "5");
        await _ward.BindAsync(device, patient);
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80))).StatusCode);
        var raised = await Poll.UntilAsync(
            async () => (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/alarms")).EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } a ? a : (JsonElement?)null,
            TimeSpan.FromSeconds(10), "the low blood pressure's alarm to be stored");
        var alarmId = raised!.Value.GetProperty("alarmId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _ward.AcknowledgeAsync(alarmId, "nurse-7")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 2, ("sbp", 120))).StatusCode);
        await Poll.UntilAsync(
            async () => (await _ward.GetJsonAsync($"/api/v1/alarms/{alarmId}/history")).EnumerateArray().Any(r => r.GetProperty("to").GetString() == "resolved") ? true : (bool?)null,
            TimeSpan.FromSeconds(10), "the alarm's end to be stored");

        var analytics = await ReadAsync(Lead(week.Unit), $"/api/v1/units/{week.Unit}/alarm-analytics");

        var (from, to) = (analytics.GetProperty("from").GetDateTimeOffset(), analytics.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromDays(7), to - from);
        var bed = analytics.GetProperty("byBed").EnumerateArray().Single(b => b.GetProperty("bed").GetString() == "5");
        Assert.Equal((1, 1), (bed.GetProperty("figures").GetProperty("raised").GetInt32(), bed.GetProperty("figures").GetProperty("acknowledged").GetInt32()));
        await AssertEqualsPlainSqlAsync(analytics, week.Unit);
    }

    [Fact]
    public async Task A_nurse_without_the_lead_role_and_a_lead_of_another_unit_are_refused_and_the_leads_read_is_audited()
    {
        var unit = WardClient.NewId("unit");
        var path = $"/api/v1/units/{unit}/alarm-analytics";

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(system.Tokens.For("nurse-2", ["nurse"], unit), path));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(system.Tokens.For("oncall-2", ["nurse", "oncall"], unit), path));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Lead(WardClient.NewId("unit")), path));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Lead(WardClient.NewId("unit")), path + ".csv"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(system.Tokens.For("admin-2", ["admin"], unit), path));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Lead(unit), path));

        var audited = await Poll.UntilAsync(
            async () => (await _ward.GetJsonAsync($"/api/v1/audit?action=unit.alarm-analytics&resource=unit/{unit}")).EnumerateArray().ToList() is { Count: 6 } rows ? rows : null,
            TimeSpan.FromSeconds(10), "the six reads of the unit's analytics in the audit trail");
        Assert.Equal(
            [("lead-1", "success"), ("admin-2", "success"), ("lead-1", "denied"), ("lead-1", "denied"), ("oncall-2", "denied"), ("nurse-2", "denied")],
            audited!.Select(r => (r.GetProperty("subject").GetString(), r.GetProperty("outcome").GetString())));
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-12-01T00:00:00", "from")]
    [InlineData("from=2026-12-01T00:00:00Z&to=2026-11-30T00:00:00Z", "to")]
    [InlineData("from=2026-12-01T00:00:00Z&to=2026-12-01T00:00:00Z", "to")]
    [InlineData("from=2026-11-01T00:00:00Z&to=2026-12-02T00:00:01Z", "to")]
    [InlineData("to=2026-12-01", "to")]
    [InlineData("selfResolvedSeconds=5", "selfResolvedSeconds")]
    [InlineData("selfResolvedSeconds=two", "selfResolvedSeconds")]
    public async Task A_bad_period_or_window_is_refused_with_400_naming_the_field(string query, string field)
    {
        var unit = WardClient.NewId("unit");
        foreach (var path in new[] { $"/api/v1/units/{unit}/alarm-analytics?{query}", $"/api/v1/units/{unit}/alarm-analytics.csv?{query}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = TestTokens.Bearer(Lead(unit));
            using var response = await system.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }
    }

    [Fact]
    public async Task A_period_longer_than_31_days_is_refused_saying_so()
    {
        var unit = WardClient.NewId("unit");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/units/{unit}/alarm-analytics?from=2026-10-01T00:00:00%2B01:00&to=2026-11-02T00:00:00%2B01:00");
        request.Headers.Authorization = TestTokens.Bearer(Lead(unit));
        using var response = await system.Http.SendAsync(request);

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 31 days", problem.GetProperty("errors").GetProperty("to")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_CSV_export_parses_as_RFC_4180_and_its_rows_agree_with_the_JSON_cells()
    {
        var week = await AlarmWeek.SeedAsync(system, DateTimeOffset.UtcNow.Date.AddDays(-30));
        var query = $"from={Iso(week.From)}&to={Iso(week.To)}&selfResolvedSeconds=60";
        var lead = Lead(week.Unit);
        var analytics = await ReadAsync(lead, $"/api/v1/units/{week.Unit}/alarm-analytics?{query}");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/units/{week.Unit}/alarm-analytics.csv?{query}");
        request.Headers.Authorization = TestTokens.Bearer(lead);
        using var response = await system.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var rows = Csv.Parse(text);
        var header = rows[0];
        var records = rows.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)).ToList();
        Assert.DoesNotContain(header, h => h.Contains("patient", StringComparison.Ordinal));
        var cells = analytics.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(cells.Count, records.Count);
        Assert.True(cells.Count > 20, $"only {cells.Count} cells");
        var bedDays = analytics.GetProperty("byBed").EnumerateArray().ToDictionary(b => b.GetProperty("bed").GetString()!, b => b.GetProperty("bedDays").GetDouble());
        foreach (var (cell, record) in cells.Zip(records))
        {
            var figures = cell.GetProperty("figures");
            Assert.Equal(week.Unit, record["unit_id"]);
            Assert.Equal("60", record["self_resolved_seconds"]);
            Assert.Equal(week.From, DateTimeOffset.Parse(record["from"], CultureInfo.InvariantCulture));
            Assert.Equal(
                (cell.GetProperty("code").GetString(), cell.GetProperty("kind").GetString(), cell.GetProperty("bed").GetString(), cell.GetProperty("priority").GetString()),
                (record["code"], record["kind"], record["bed"], record["priority"]));
            foreach (var (column, name) in new[] { ("raised", "raised"), ("self_resolved", "selfResolved"), ("acknowledged", "acknowledged"), ("escalations", "escalations"), ("re_alarms", "reAlarms") })
            {
                Assert.Equal(figures.GetProperty(name).GetInt32().ToString(CultureInfo.InvariantCulture), record[column]);
            }

            foreach (var (column, name) in new[] { ("self_resolved_share", "selfResolvedShare"), ("acknowledge_p50_seconds", "acknowledgeP50Seconds"), ("acknowledge_p90_seconds", "acknowledgeP90Seconds") })
            {
                Assert.Equal(Number(figures.GetProperty(name)), record[column] == "" ? null : double.Parse(record[column], CultureInfo.InvariantCulture));
            }

            var days = bedDays[record["bed"]];
            Assert.Equal(days, double.Parse(record["bed_days"], CultureInfo.InvariantCulture), Tolerance);
            Assert.Equal(figures.GetProperty("raised").GetInt32() / days, double.Parse(record["alarms_per_bed_day"], CultureInfo.InvariantCulture), Tolerance);
        }
    }

    /// <summary>Every figure of the answer (totals, by priority, kind, condition, bed, day, cells, the top tens, bed-days) against plain SQL.</summary>
    private async Task AssertEqualsPlainSqlAsync(JsonElement analytics, string unit)
    {
        var (from, to) = (analytics.GetProperty("from").GetDateTimeOffset(), analytics.GetProperty("to").GetDateTimeOffset());
        var sql = new AlarmAnalyticsSql(system.Database, unit, from, to, analytics.GetProperty("selfResolvedSeconds").GetInt32());

        AssertFigures("totals", (await sql.ByAsync("'unit'"))["unit"], analytics.GetProperty("totals"));
        AssertGroups("by priority", await sql.ByAsync("priority"), analytics.GetProperty("byPriority"), g => g.GetProperty("priority").GetString()!, skipEmpty: true);
        AssertGroups("by kind", await sql.ByAsync("kind"), analytics.GetProperty("byKind"), g => g.GetProperty("kind").GetString()!);
        var byCondition = await sql.ByAsync("code");
        AssertGroups("by condition", byCondition, analytics.GetProperty("byCondition"), g => g.GetProperty("code").GetString()!);
        var byBed = await sql.ByAsync("bed");
        var bedDays = await sql.BedDaysAsync();
        AssertGroups("by bed", byBed, analytics.GetProperty("byBed"), g => g.GetProperty("bed").GetString()!, skipEmpty: true);
        AssertGroups("by day", await sql.ByAsync("day"), analytics.GetProperty("days"),
            g => ((int)Math.Round((g.GetProperty("start").GetDateTimeOffset() - from).TotalDays)).ToString(CultureInfo.InvariantCulture), skipEmpty: true);
        Assert.Equal(
            Enumerable.Range(0, (int)Math.Ceiling((to - from).TotalDays)).Select(d => from.AddDays(d)),
            analytics.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("start").GetDateTimeOffset()));
        AssertGroups("by condition, bed and priority", await sql.ByAsync("code || '|' || bed || '|' || priority"), analytics.GetProperty("cells"),
            g => $"{g.GetProperty("code").GetString()}|{g.GetProperty("bed").GetString()}|{g.GetProperty("priority").GetString()}");

        // Alarms raised per day by priority, as the chart draws them.
        var byDayAndPriority = await sql.ByAsync("day || '|' || priority");
        foreach (var day in analytics.GetProperty("days").EnumerateArray())
        {
            var index = (int)Math.Round((day.GetProperty("start").GetDateTimeOffset() - from).TotalDays);
            foreach (var priority in new[] { "high", "medium", "low" })
            {
                Assert.Equal(byDayAndPriority.GetValueOrDefault($"{index}|{priority}")?.Raised ?? 0, day.GetProperty(priority).GetInt32());
            }
        }

        // Bed-days and alarms per bed-day, for the unit and each bed (a bed with days and no alarm is listed too).
        var unitDays = bedDays.Values.Sum();
        Assert.Equal(unitDays, analytics.GetProperty("bedDays").GetDouble(), Tolerance);
        Assert.True(unitDays > 0);
        Assert.Equal(byBed.Values.Sum(f => f.Raised) / unitDays, analytics.GetProperty("alarmsPerBedDay").GetDouble(), Tolerance);
        Assert.Equal(bedDays.Keys.Union(byBed.Keys).Order(StringComparer.Ordinal), analytics.GetProperty("byBed").EnumerateArray().Select(b => b.GetProperty("bed").GetString()!).Order(StringComparer.Ordinal));
        foreach (var bed in analytics.GetProperty("byBed").EnumerateArray())
        {
            var days = bedDays.GetValueOrDefault(bed.GetProperty("bed").GetString()!);
            Assert.Equal(days, bed.GetProperty("bedDays").GetDouble(), Tolerance);
            var raised = byBed.GetValueOrDefault(bed.GetProperty("bed").GetString()!)?.Raised ?? 0;
            Assert.Equal(days > 0 ? raised / days : null, Number(bed.GetProperty("alarmsPerBedDay")));
        }

        // The top tens: most raised first, ties by code (conditions) or bed number.
        var topConditions = byCondition.Where(c => c.Value.Raised > 0).OrderByDescending(c => c.Value.Raised).ThenBy(c => c.Key, StringComparer.Ordinal).Take(10).ToList();
        Assert.Equal(topConditions.Select(c => (c.Key, c.Value.Raised)), analytics.GetProperty("topConditions").EnumerateArray().Select(c => (c.GetProperty("code").GetString()!, (long)c.GetProperty("figures").GetProperty("raised").GetInt32())));
        AssertGroups("top conditions", topConditions.ToDictionary(), analytics.GetProperty("topConditions"), g => g.GetProperty("code").GetString()!);
        var topBeds = byBed.Where(b => b.Value.Raised > 0).OrderByDescending(b => b.Value.Raised).ThenBy(b => int.Parse(b.Key, CultureInfo.InvariantCulture)).Take(10).ToList();
        Assert.Equal(topBeds.Select(b => (b.Key, b.Value.Raised)), analytics.GetProperty("topBeds").EnumerateArray().Select(b => (b.GetProperty("bed").GetString()!, (long)b.GetProperty("figures").GetProperty("raised").GetInt32())));
    }

    private static void AssertGroups(string what, Dictionary<string, AlarmAnalyticsSql.Figures> expected, JsonElement groups, Func<JsonElement, string> key, bool skipEmpty = false)
    {
        var actual = groups.EnumerateArray().ToDictionary(key, g => g.GetProperty("figures"), StringComparer.Ordinal);
        var shown = skipEmpty ? actual.Where(a => a.Value.GetProperty("raised").GetInt32() > 0 || a.Value.GetProperty("escalations").GetInt32() > 0 || a.Value.GetProperty("reAlarms").GetInt32() > 0).Select(a => a.Key) : actual.Keys;
        Assert.True(expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(shown.Order(StringComparer.Ordinal)),
            $"{what}: expected groups {string.Join(", ", expected.Keys.Order(StringComparer.Ordinal))}, got {string.Join(", ", shown.Order(StringComparer.Ordinal))}");
        foreach (var (name, figures) in expected)
        {
            AssertFigures($"{what} {name}", figures, actual[name]);
        }
    }

    private static void AssertFigures(string what, AlarmAnalyticsSql.Figures expected, JsonElement actual)
    {
        var raised = actual.GetProperty("raised").GetInt32();
        Assert.True(
            (expected.Raised, expected.SelfResolved, expected.Acknowledged, expected.Escalations, expected.ReAlarms)
                == (raised, actual.GetProperty("selfResolved").GetInt32(), actual.GetProperty("acknowledged").GetInt32(), actual.GetProperty("escalations").GetInt32(), actual.GetProperty("reAlarms").GetInt32()),
            $"{what}: expected {expected}, got {actual}");
        AssertClose(what + " self-resolved share", expected.Raised > 0 ? (double)expected.SelfResolved / expected.Raised : null, Number(actual.GetProperty("selfResolvedShare")));
        AssertClose(what + " p50", expected.P50, Number(actual.GetProperty("acknowledgeP50Seconds")));
        AssertClose(what + " p90", expected.P90, Number(actual.GetProperty("acknowledgeP90Seconds")));
    }

    private static void AssertClose(string what, double? expected, double? actual) =>
        Assert.True(expected is null ? actual is null : actual is { } a && Math.Abs(a - expected.Value) < Tolerance, $"{what}: expected {expected}, got {actual}");

    private static double? Number(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();

    private string Lead(string unit) => system.Tokens.For("lead-1", ["nurse", "nurse-lead"], unit);

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));

    private async Task<JsonElement> ReadAsync(string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = TestTokens.Bearer(token);
        using var response = await system.Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpStatusCode> StatusAsync(string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = TestTokens.Bearer(token);
        using var response = await system.Http.SendAsync(request);
        return response.StatusCode;
    }
}
