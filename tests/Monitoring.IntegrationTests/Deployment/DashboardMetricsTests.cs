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
/// api's or the silo's <c>/metrics</c>, and every bucket boundary a query picks (<c>le="1000"</c>) is one
/// the histogram has. A panel naming a metric nobody exports would show an empty graph in production.
/// </summary>
public sealed partial class DashboardMetricsTests(OutageSystem system) : IClassFixture<OutageSystem>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Series Prometheus makes itself rather than scrapes: whether a target answered, and the alerts.</summary>
    private static readonly string[] PrometheusOwn = ["up", "ALERTS", "ALERTS_FOR_STATE"];

    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task Every_metric_a_dashboard_panel_or_a_rule_names_is_one_the_api_or_the_silo_exports()
    {
        var scrapes = await ScrapesOnceEverythingHappenedAsync();
        var exported = scrapes.SelectMany(SeriesNames).ToHashSet(StringComparer.Ordinal);
        var known = exported.Concat(MonitoringQueries.Recorded()).Concat(PrometheusOwn).ToHashSet(StringComparer.Ordinal);
        var queries = MonitoringQueries.OfDashboards().Concat(MonitoringQueries.OfRules()).ToList();
        Assert.Contains(queries, q => q.Where.StartsWith("dashboard ", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Where.StartsWith("rules/", StringComparison.Ordinal));

        var unknown = queries
            .SelectMany(q => PromQlMetricNames.Of(q.Expression).Where(name => !known.Contains(name)).Select(name => $"{q.Where}: {name}"))
            .Distinct()
            .ToList();
        Assert.True(unknown.Count == 0, $"Metrics neither the api nor the silo exports:\n{string.Join("\n", unknown)}\n\nExported: {string.Join(" ", exported.Order(StringComparer.Ordinal))}");

        var missingBuckets = queries
            .SelectMany(q => BucketMatchers().Matches(q.Expression).Select(m => (q.Where, Series: m.Groups["series"].Value, Le: m.Groups["le"].Value)))
            .Where(b => !scrapes.Any(text => Regex.IsMatch(text, $@"^{Regex.Escape(b.Series)}\{{[^}}]*le=""{Regex.Escape(b.Le)}""", RegexOptions.Multiline)))
            .Select(b => $"{b.Where}: {b.Series} has no bucket le=\"{b.Le}\"")
            .Distinct()
            .ToList();
        Assert.True(missingBuckets.Count == 0, string.Join("\n", missingBuckets));
    }

    /// <summary>
    /// The api's and the silo's <c>/metrics</c> once a watched reading raised an alarm, a device streamed,
    /// and PostgreSQL was away long enough for writes to fail and be put off (instruments that have never
    /// recorded anything are not exported).
    /// </summary>
    private async Task<string[]> ScrapesOnceEverythingHappenedAsync()
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
                    var silo = await ScrapeAsync(system.SiloOperationsUrl);
                    return silo.Contains("monitoring_database_failures_total", StringComparison.Ordinal)
                        && silo.Contains("monitoring_database_writes_deferred_total", StringComparison.Ordinal) ? true : (bool?)null;
                },
                Deadline,
                "failed and put-off writes on the silo's /metrics while PostgreSQL is away");
            return [await ScrapeAsync(system.ApiUrl), await ScrapeAsync(system.SiloOperationsUrl)];
        }
        finally
        {
            system.Proxy.ComeBack();
        }
    }

    private static async Task<string> ScrapeAsync(Uri host)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(host, "/metrics"));
    }

    /// <summary>The series names of a Prometheus text exposition (histograms as their _bucket, _count and _sum).</summary>
    private static IEnumerable<string> SeriesNames(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOfAny(['{', ' '])]);

    /// <summary>A selector that picks one bucket of a histogram: <c>name_bucket{…le="1000"…}</c>.</summary>
    [GeneratedRegex(@"(?<series>[A-Za-z_:][A-Za-z0-9_:]*_bucket)\{[^}]*\ble=""(?<le>[^""]+)""")]
    private static partial Regex BucketMatchers();
}
