using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Monitoring.IntegrationTests.Deployment;

/// <summary>
/// Prometheus and Grafana as compose wires them, read as an operator would before starting them: Prometheus
/// gets its configuration and rules and scrapes every api host and silo on the ports they serve
/// <c>/metrics</c> on; Grafana gets the datasource and the dashboards from where the provisioning says; every
/// panel reads the provisioned datasource and has a place of its own. No container is started.
/// </summary>
public sealed partial class MonitoringStackFilesTests
{
    private static readonly string Deploy = Path.Combine(Repository.Root, "deploy");

    private static readonly YamlMappingNode Services = (YamlMappingNode)Yaml.Load(Path.Combine(Deploy, "compose.yaml")).Children[new YamlScalarNode("services")];

    [Fact]
    public void Prometheus_in_compose_reads_the_configuration_and_rules_of_the_repository_and_keeps_the_SLO_window()
    {
        var prometheus = Service("prometheus");
        var mounts = Volumes(prometheus);
        var command = ((YamlSequenceNode)prometheus.Children[new YamlScalarNode("command")]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

        Assert.Contains(("./prometheus", "/etc/prometheus"), mounts);
        Assert.Contains("--config.file=/etc/prometheus/prometheus.yml", command);
        var retention = command.Select(c => RetentionDays().Match(c)).Single(m => m.Success);
        Assert.True(int.Parse(retention.Groups["days"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 30, "Prometheus keeps less than the SLOs' 30-day window");
    }

    [Fact]
    public void Prometheus_scrapes_every_api_host_and_silo_of_compose_where_they_serve_their_metrics()
    {
        var config = Yaml.Load(Path.Combine(Deploy, "prometheus", "prometheus.yml"));
        var targets = Yaml.Sequence(config, "scrape_configs")
            .SelectMany(job => Yaml.Sequence(job, "static_configs"))
            .SelectMany(c => ((YamlSequenceNode)c.Children[new YamlScalarNode("targets")]).Children.Select(t => ((YamlScalarNode)t).Value!))
            .ToHashSet(StringComparer.Ordinal);

        // The api image serves HTTP (and /metrics) on 8080, the silo image its operator port on 5081.
        Assert.Contains("EXPOSE 8080", File.ReadAllText(Path.Combine(Deploy, "docker", "api", "Dockerfile")), StringComparison.Ordinal);
        Assert.Contains("Operations__Urls=http://+:5081", File.ReadAllText(Path.Combine(Deploy, "docker", "silo", "Dockerfile")), StringComparison.Ordinal);
        var expected = ServiceNames().Where(n => n.StartsWith("api-", StringComparison.Ordinal)).Select(n => n + ":8080")
            .Concat(ServiceNames().Where(n => n.StartsWith("silo-", StringComparison.Ordinal)).Select(n => n + ":5081"))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), targets.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Grafana_in_compose_is_provisioned_with_the_Prometheus_datasource_and_the_dashboards_of_the_repository()
    {
        var mounts = Volumes(Service("grafana"));
        var provider = Yaml.Sequence(Yaml.Load(Path.Combine(Deploy, "grafana", "provisioning", "dashboards", "monitoring.yml")), "providers").Single();
        var providerPath = Yaml.Text((YamlMappingNode)provider.Children[new YamlScalarNode("options")], "path");
        var datasource = Yaml.Sequence(Yaml.Load(Path.Combine(Deploy, "grafana", "provisioning", "datasources", "prometheus.yml")), "datasources").Single();

        Assert.Contains(("./grafana/provisioning", "/etc/grafana/provisioning"), mounts);
        Assert.Contains(("./grafana/dashboards", providerPath), mounts);
        Assert.Equal("http://prometheus:9090", Yaml.Text(datasource, "url"));
        Assert.Contains("prometheus", ServiceNames());
        Assert.Contains("'127.0.0.1:9090:9090'", File.ReadAllText(Path.Combine(Deploy, "compose.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_panel_reads_the_provisioned_datasource_and_has_a_place_of_its_own()
    {
        var datasource = Yaml.Text(Yaml.Sequence(Yaml.Load(Path.Combine(Deploy, "grafana", "provisioning", "datasources", "prometheus.yml")), "datasources").Single(), "uid");
        var problems = new List<string>();
        var uids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(MonitoringQueries.Dashboards, "*.json"))
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            var name = Path.GetFileName(file);
            if (!uids.Add(dashboard.RootElement.GetProperty("uid").GetString()!))
            {
                problems.Add($"{name}: its uid is another dashboard's");
            }

            var ids = new HashSet<int>();
            var places = new List<(string Title, int X, int Y, int W, int H)>();
            foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
            {
                var title = panel.GetProperty("title").GetString()!;
                if (!ids.Add(panel.GetProperty("id").GetInt32()))
                {
                    problems.Add($"{name}, panel \"{title}\": its id is another panel's");
                }

                var grid = panel.GetProperty("gridPos");
                var place = (title, grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
                if (place.Item2 + place.Item4 > 24)
                {
                    problems.Add($"{name}, panel \"{title}\": wider than the dashboard's 24 columns");
                }

                problems.AddRange(places.Where(p => p.X < place.Item2 + place.Item4 && place.Item2 < p.X + p.W && p.Y < place.Item3 + place.Item5 && place.Item3 < p.Y + p.H)
                    .Select(p => $"{name}, panel \"{title}\": overlaps \"{p.Title}\""));
                places.Add(place);
                if (panel.GetProperty("type").GetString() == "row")
                {
                    continue;
                }

                var sources = new[] { panel.GetProperty("datasource") }.Concat(panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("datasource")));
                if (sources.Any(s => s.GetProperty("uid").GetString() != datasource))
                {
                    problems.Add($"{name}, panel \"{title}\": reads a datasource other than \"{datasource}\"");
                }
            }
        }

        Assert.True(uids.Count >= 2, "the dashboards are missing");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services.Children[new YamlScalarNode(name)];

    private static List<string> ServiceNames() => Services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();

    /// <summary>A service's bind mounts and volumes as (source, target), the mode left off.</summary>
    private static List<(string Source, string? Target)> Volumes(YamlMappingNode service) =>
        ((YamlSequenceNode)service.Children[new YamlScalarNode("volumes")]).Children
            .Select(v => ((YamlScalarNode)v).Value!.Split(':'))
            .Select(parts => (parts[0], (string?)parts[1]))
            .ToList();

    [GeneratedRegex(@"^--storage\.tsdb\.retention\.time=(?<days>\d+)d$")]
    private static partial Regex RetentionDays();
}
