using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Monitoring.IntegrationTests.Deployment;

/// <summary>
/// The PromQL of the deployment: every target of every panel of the Grafana dashboards
/// (<c>deploy/grafana/dashboards/*.json</c>) and every rule in <c>deploy/prometheus/rules/*.yml</c>.
/// </summary>
public static class MonitoringQueries
{
    public static string Dashboards => Path.Combine(Repository.Root, "deploy", "grafana", "dashboards");

    public static string Rules => Path.Combine(Repository.Root, "deploy", "prometheus", "rules");

    public static IEnumerable<MetricQuery> OfDashboards()
    {
        foreach (var file in Directory.GetFiles(Dashboards, "*.json").Order(StringComparer.Ordinal))
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var query in OfPanels(Path.GetFileName(file), dashboard.RootElement))
            {
                yield return query;
            }
        }
    }

    /// <summary>Every rule of every group of the rule files, as (file, group, rule) and its expression.</summary>
    public static IEnumerable<(string File, string Group, YamlMappingNode Rule)> RulesOfFiles()
    {
        foreach (var file in Directory.GetFiles(Rules, "*.yml").Order(StringComparer.Ordinal))
        {
            var root = Yaml.Load(file);
            foreach (var group in Yaml.Sequence(root, "groups"))
            {
                foreach (var rule in Yaml.Sequence(group, "rules"))
                {
                    yield return (Path.GetFileName(file), Yaml.Text(group, "name") ?? "", rule);
                }
            }
        }
    }

    public static IEnumerable<MetricQuery> OfRules() =>
        RulesOfFiles().Select(r => new MetricQuery(
            $"rules/{r.File}, group {r.Group}, {(Yaml.Text(r.Rule, "record") is { } record ? "record " + record : "alert " + Yaml.Text(r.Rule, "alert"))}",
            Yaml.Text(r.Rule, "expr") ?? ""));

    /// <summary>The series the recording rules make (a dashboard or another rule may read them).</summary>
    public static IReadOnlySet<string> Recorded() =>
        RulesOfFiles().Select(r => Yaml.Text(r.Rule, "record")).OfType<string>().ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<MetricQuery> OfPanels(string file, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var query in OfPanels(file, item))
                {
                    yield return query;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("targets", out var targets) && targets.ValueKind == JsonValueKind.Array)
            {
                var title = element.TryGetProperty("title", out var t) ? t.GetString() : "(untitled)";
                foreach (var target in targets.EnumerateArray())
                {
                    if (target.TryGetProperty("expr", out var expr) && expr.GetString() is { Length: > 0 } promQl)
                    {
                        yield return new MetricQuery($"dashboard {file}, panel \"{title}\"", promQl);
                    }
                }
            }

            foreach (var property in element.EnumerateObject().Where(p => p.Name != "targets"))
            {
                foreach (var query in OfPanels(file, property.Value))
                {
                    yield return query;
                }
            }
        }
    }
}
