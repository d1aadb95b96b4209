using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Deployment;

/// <summary>
/// The Prometheus configuration and the SLO rules of <c>deploy/prometheus</c>, read by promtool (Prometheus'
/// own checker, from Debian's <c>prometheus</c> package, which deploy/test.sh installs): the configuration and
/// its rule files are valid, and the burn-rate alerts pass their unit tests on synthetic series, where a fast
/// burn pages, a slow burn opens a ticket and no burn fires nothing, for every SLO.
/// </summary>
public sealed class PrometheusRulesTests
{
    private static string Prometheus => Path.Combine(Repository.Root, "deploy", "prometheus");

    [Fact]
    public async Task Promtool_finds_the_Prometheus_configuration_valid_with_its_rule_files()
    {
        var (exitCode, output) = await PromtoolAsync("check", "config", "prometheus.yml");

        Assert.True(exitCode == 0, $"promtool check config exited {exitCode}:\n{output}");
        Assert.Contains("rules/slo.yml", output, StringComparison.Ordinal); // the rule files were found and read
    }

    [Fact]
    public async Task Promtool_finds_every_rule_file_valid()
    {
        var files = Directory.GetFiles(Path.Combine(Prometheus, "rules"), "*.yml").Select(f => Path.Combine("rules", Path.GetFileName(f))).ToArray();
        Assert.NotEmpty(files);

        var (exitCode, output) = await PromtoolAsync(["check", "rules", .. files]);

        Assert.True(exitCode == 0, $"promtool check rules exited {exitCode}:\n{output}");
    }

    [Fact]
    public async Task The_burn_rate_alerts_page_on_a_fast_burn_open_a_ticket_on_a_slow_burn_and_stay_quiet_without_one()
    {
        var files = TestFiles().Select(f => Path.Combine("tests", Path.GetFileName(f))).ToArray();
        Assert.NotEmpty(files);

        var (exitCode, output) = await PromtoolAsync(["test", "rules", .. files]);

        Assert.True(exitCode == 0, $"promtool test rules exited {exitCode}:\n{output}");
    }

    [Fact]
    public void Every_alert_is_unit_tested_both_firing_and_silent()
    {
        var alerts = MonitoringQueries.RulesOfFiles().Select(r => Yaml.Text(r.Rule, "alert")).OfType<string>().ToList();
        var cases = TestFiles()
            .SelectMany(file => Yaml.Sequence(Yaml.Load(file), "tests"))
            .SelectMany(test => Yaml.Sequence(test, "alert_rule_test"))
            .Select(check => (Alert: Yaml.Text(check, "alertname"), Fires: !Yaml.IsEmptySequence(check, "exp_alerts")))
            .ToList();

        Assert.NotEmpty(alerts);
        var untested = alerts
            .SelectMany(alert => new[] { (alert, true), (alert, false) })
            .Where(expected => !cases.Contains(expected))
            .Select(missing => $"{missing.alert} is never expected to {(missing.Item2 ? "fire" : "stay silent")}")
            .ToList();
        Assert.True(untested.Count == 0, "deploy/prometheus/tests: " + string.Join("; ", untested));
    }

    private static string[] TestFiles() => Directory.GetFiles(Path.Combine(Prometheus, "tests"), "*.yml").Order(StringComparer.Ordinal).ToArray();

    /// <summary>Runs promtool in deploy/prometheus; its output (both streams) is the failure message.</summary>
    private static async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] arguments)
    {
        var promtool = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "promtool"))
            .FirstOrDefault(File.Exists);
        Assert.True(promtool is not null, "promtool is not installed: deploy/test.sh installs it (Debian's prometheus package: apt-get install prometheus)");

        // The unit tests evaluate days of synthetic series: well under a minute alone, longer on a busy machine.
        return await ToolRun.RunAsync(Prometheus, promtool!, arguments);
    }
}
