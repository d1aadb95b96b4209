using System.Globalization;
using System.Text.RegularExpressions;
using Monitoring.IntegrationTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Monitoring.IntegrationTests.Deployment;

/// <summary>
/// The alarm-path gate of <c>deploy/cluster.sh roll</c> (<c>deploy/lib/canary.sh</c>), run by bash as the roll runs it:
/// it takes the SLO's thresholds from the rule file Prometheus reads, and reads the series an api host exports in
/// either text format. LocalClusterTests roll a real cluster through it.
/// </summary>
public sealed partial class CanaryGateTests
{
    [Fact]
    public async Task The_gate_takes_the_alarm_delivery_budget_and_paging_burn_rate_from_the_SLO_rules()
    {
        var rules = Yaml.Load(Path.Combine(Repository.Root, "deploy", "prometheus", "rules", "slo.yml"));
        var group = Yaml.Sequence(rules, "groups").Single(g => Yaml.Text(g, "name") == "slo-alarm-delivery");
        var budget = Yaml.Sequence(group, "rules")
            .Single(r => Yaml.Text(r, "record") == "slo:error_budget:ratio" && r.Children[new YamlScalarNode("labels")] is YamlMappingNode labels && Yaml.Text(labels, "slo") == "alarm-delivery");
        var paging = Yaml.Sequence(group, "rules").Single(r => Yaml.Text(r, "alert") == "AlarmDeliveryBudgetBurningFast");
        var expectedBudget = double.Parse(VectorValue().Match(Yaml.Text(budget, "expr")!).Groups[1].Value, CultureInfo.InvariantCulture);
        var expectedRate = double.Parse(BurnRate().Match(Yaml.Text(paging, "expr")!).Groups[1].Value, CultureInfo.InvariantCulture);

        var (exitCode, output) = await GateAsync("canary_slo_thresholds");

        Assert.True(exitCode == 0, $"canary_slo_thresholds exited {exitCode}:\n{output}");
        var read = output.Trim().Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([expectedBudget, expectedRate], read);
    }

    [Theory]
    [InlineData("1000")] // Prometheus' text format
    [InlineData("1000.0")] // OpenMetrics
    public async Task The_gate_sums_each_hosts_watchdog_and_alarm_push_series_over_their_labels(string oneSecond)
    {
        var metrics = $$"""
            # TYPE monitoring_watchdog_delivery_milliseconds histogram
            monitoring_watchdog_delivery_milliseconds_bucket{otel_scope_name="Monitoring",host="api-1",le="500"} 6
            monitoring_watchdog_delivery_milliseconds_bucket{otel_scope_name="Monitoring",host="api-1",le="{{oneSecond}}"} 7
            monitoring_watchdog_delivery_milliseconds_bucket{otel_scope_name="Monitoring",host="api-1",le="+Inf"} 9
            monitoring_watchdog_delivery_milliseconds_sum{otel_scope_name="Monitoring",host="api-1"} 4520.5
            monitoring_watchdog_delivery_milliseconds_count{otel_scope_name="Monitoring",host="api-1"} 9
            monitoring_watchdog_degraded{otel_scope_name="Monitoring",host="api-1"} 1
            monitoring_watchdog_probes_total{otel_scope_name="Monitoring",host="api-1",outcome="arrived"} 7
            monitoring_watchdog_probes_total{otel_scope_name="Monitoring",host="api-1",outcome="late"} 2
            monitoring_watchdog_probes_total{otel_scope_name="Monitoring",host="api-1",outcome="missing"} 3
            monitoring_alarm_latency_milliseconds_bucket{otel_scope_name="Monitoring",priority="high",le="{{oneSecond}}"} 4
            monitoring_alarm_latency_milliseconds_bucket{otel_scope_name="Monitoring",priority="medium",le="{{oneSecond}}"} 2
            monitoring_alarm_latency_milliseconds_sum{otel_scope_name="Monitoring",priority="high"} 40
            monitoring_alarm_latency_milliseconds_sum{otel_scope_name="Monitoring",priority="medium"} 2030
            monitoring_alarm_latency_milliseconds_count{otel_scope_name="Monitoring",priority="high"} 4
            monitoring_alarm_latency_milliseconds_count{otel_scope_name="Monitoring",priority="medium"} 3
            monitoring_alarm_latency_milliseconds_count_other{otel_scope_name="Monitoring"} 99
            """;
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, metrics);
        try
        {
            var (exitCode, output) = await GateAsync($"canary_parse < '{file}'");

            Assert.True(exitCode == 0, $"canary_parse exited {exitCode}:\n{output}");
            var sums = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
            Assert.Equal(
                new SortedDictionary<string, string>
                {
                    ["wd_present"] = "1", ["wd_count"] = "9", ["wd_sum"] = "4520.5", ["wd_degraded"] = "1",
                    ["wd_arrived"] = "7", ["wd_late"] = "2", ["wd_missing"] = "3",
                    ["al_count"] = "7", ["al_sum"] = "2070", ["al_within"] = "6",
                },
                new SortedDictionary<string, string>(sums));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs <paramref name="command"/> in bash with the gate sourced as cluster.sh sources it.</summary>
    private static Task<(int ExitCode, string Output)> GateAsync(string command) =>
        ToolRun.RunAsync(Repository.Root, "bash", "-c", $". deploy/lib/common.sh && . deploy/lib/canary.sh && {command}");

    [GeneratedRegex(@"vector\(([0-9.]+)\)")]
    private static partial Regex VectorValue();

    [GeneratedRegex(@"> \(([0-9.]+) \* ")]
    private static partial Regex BurnRate();
}
