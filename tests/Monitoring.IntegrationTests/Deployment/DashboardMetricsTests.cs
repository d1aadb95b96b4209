using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.EndToEnd;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Deployment;

/// <summary>
/// The Grafana dashboards and the Prometheus rules read what the system exports: with the real silo and api
/// running and everything the panels show having happened once (a reading that raises an alarm on a watched
/// dashboard, a device's stream, PostgreSQL going away), every metric a panel or a rule names is on the
/// api's or the silo's <c>/metrics</c>, and every bucket a query picks by its boundary (<c>le</c>) is there,
/// in the text format and in OpenMetrics, which Prometheus asks for first (it writes <c>le="1000.0"</c>
/// where the text format has <c>le="1000"</c>). A panel naming a metric nobody exports would show an empty
/// graph in production, and an SLI picking a bucket that is not there no ratio and no alert.
/// </summary>
public sealed partial class DashboardMetricsTests(OutageSystem system) : IClassFixture<OutageSystem>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Series Prometheus makes itself rather than scrapes: whether a target answered, and the alerts.</summary>
    private static readonly string[] PrometheusOwn = ["up", "ALERTS", "ALERTS_FOR_STATE"];

    /// <summary>What Prometheus 2 asks a target for: OpenMetrics first, the text format after.</summary>
    private const string PrometheusAccept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task Every_metric_a_dashboard_panel_or_a_rule_names_is_one_the_api_or_the_silo_exports()
    {
        var scrapes = await ScrapesOnceEverythingHappenedAsync();
        var exported = scrapes.SelectMany(s => SeriesNames(s.Text)).ToHashSet(StringComparer.Ordinal);
        var known = exported.Concat(MonitoringQueries.Recorded()).Concat(PrometheusOwn).ToHashSet(StringComparer.Ordinal);
        var queries = MonitoringQueries.OfDashboards().Concat(MonitoringQueries.OfRules()).ToList();
        Assert.Contains(queries, q => q.Where.StartsWith("dashboard ", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Where.StartsWith("rules/", StringComparison.Ordinal));

        var unknown = queries
            .SelectMany(q => PromQlMetricNames.Of(q.Expression).Where(name => !known.Contains(name)).Select(name => $"{q.Where}: {name}"))
            .Distinct()
            .ToList();
        Assert.True(unknown.Count == 0, $"Metrics neither the api nor the silo exports:\n{string.Join("\n", unknown)}\n\nExported: {string.Join(" ", exported.Order(StringComparer.Ordinal))}");

        var picks = queries
            .SelectMany(q => BucketMatchers().Matches(q.Expression).Select(m => new BucketPick(q.Where, m.Groups["series"].Value, m.Groups["op"].Value, m.Groups["le"].Value)))
            .ToList();
        Assert.Contains(picks, p => p.Series == "monitoring_alarm_latency_milliseconds_bucket"); // the alarm-delivery SLI's 1 s
        var missingBuckets = picks
            .SelectMany(pick => scrapes.Where(s => s.Text.Contains(pick.Series, StringComparison.Ordinal)).Select(scrape => (Pick: pick, Scrape: scrape)))
            .Where(p => !BucketsOf(p.Scrape.Text, p.Pick.Series).Any(p.Pick.Takes))
            .Select(p => $"{p.Pick.Where}: {p.Pick.Series} has no bucket le{p.Pick.Operator}\"{p.Pick.Le}\" in {p.Scrape.Format} (it has {string.Join(", ", BucketsOf(p.Scrape.Text, p.Pick.Series))})")
            .Distinct()
            .ToList();
        Assert.True(missingBuckets.Count == 0, string.Join("\n", missingBuckets));
    }

    /// <summary>
    /// The api's and the silo's <c>/metrics</c>, each in both formats, once a watched reading raised an alarm,
    /// a device streamed, and PostgreSQL was away long enough for writes to fail and be put off (instruments
    /// that have never recorded anything are not exported).
    /// </summary>
    private async Task<(string Format, string Text)[]> ScrapesOnceEverythingHappenedAsync()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        var sequence = 0L;
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, ++sequence, ("sbp", 80), ("hr", 70))).StatusCode);
        await alarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active", patient), Deadline, "the alarm on the dashboard");

        await using (var stream = await StreamClient.OpenDeviceAsync(system, device))
        {
            await stream.SendBatchAsync(++sequence, null, ("hr", 71));
            Assert.Equal(202, (await stream.ReceiveAsync())!.Value.GetProperty("status").GetInt32());
        }

        system.Proxy.GoDown();
        try
        {
            // Each probe is one more reading for the silo to write while PostgreSQL is away.
            await Poll.UntilAsync(
                async () =>
                {
                    Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, ++sequence, ("hr", 72))).StatusCode);
                    var silo = await ScrapeAsync(system.SiloOperationsUrl, accept: null);
                    return silo.Contains("monitoring_database_failures_total", StringComparison.Ordinal)
                        && silo.Contains("monitoring_database_writes_deferred_total", StringComparison.Ordinal) ? true : (bool?)null;
                },
                Deadline,
                "failed and put-off writes on the silo's /metrics while PostgreSQL is away");
            var scrapes = new List<(string, string)>();
            foreach (var host in new[] { system.ApiUrl, system.SiloOperationsUrl })
            {
                scrapes.Add(("the text format", await ScrapeAsync(host, accept: null)));
                var openMetrics = await ScrapeAsync(host, PrometheusAccept);
                Assert.EndsWith("# EOF", openMetrics.TrimEnd(), StringComparison.Ordinal); // OpenMetrics it is
                scrapes.Add(("OpenMetrics", openMetrics));
            }

            return [.. scrapes];
        }
        finally
        {
            system.Proxy.ComeBack();
        }
    }

    private static async Task<string> ScrapeAsync(Uri host, string? accept)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host, "/metrics"));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The series names of an exposition (histograms as their _bucket, _count and _sum).</summary>
    private static IEnumerable<string> SeriesNames(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOfAny(['{', ' '])]);

    /// <summary>The bucket boundaries (<c>le</c> values) of a histogram's series in an exposition.</summary>
    private static IEnumerable<string> BucketsOf(string exposition, string series) =>
        Regex.Matches(exposition, "^" + Regex.Escape(series) + "\\{[^}]*\\ble=\"(?<le>[^\"]*)\"", RegexOptions.Multiline)
            .Select(m => m.Groups["le"].Value)
            .Distinct();

    /// <summary>A selector that picks buckets of a histogram by boundary: <c>name_bucket{…le="1000"…}</c> or <c>le=~"…"</c>.</summary>
    [GeneratedRegex("(?<series>[A-Za-z_:][A-Za-z0-9_:]*_bucket)\\{[^}]*\\ble\\s*(?<op>=~|=)\\s*\"(?<le>[^\"]+)\"")]
    private static partial Regex BucketMatchers();

    /// <summary>Where a query picks buckets, and how: <c>le="x"</c> takes x, <c>le=~"r"</c> what the regex matches in full.</summary>
    private sealed record BucketPick(string Where, string Series, string Operator, string Le)
    {
        public bool Takes(string le) => Operator == "=" ? le == Le : Regex.IsMatch(le, $"^(?:{Le})$");
    }
}
