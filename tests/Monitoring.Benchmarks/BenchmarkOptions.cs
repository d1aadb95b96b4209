using System.Globalization;

namespace Monitoring.Benchmarks;

/// <summary>What to measure, from the command line (<c>--name value</c>).</summary>
public sealed record BenchmarkOptions(
    Uri Api,
    string Database,
    string ClusterId,
    int SiloPid,
    int ApiPid,
    IReadOnlyList<int> Devices,
    TimeSpan Warmup,
    TimeSpan Duration,
    int BreachesPerSecond,
    int Concurrency,
    string ResultFile,
    string Markdown,
    string Command)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Get(string name, string? fallback = null) =>
            values.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required.");
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new BenchmarkOptions(
            new Uri(Get("api")),
            Get("db"),
            Get("cluster"),
            Int("silo-pid", 0),
            Int("api-pid", 0),
            [.. Get("devices", "1000,2500,5000,10000").Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture))],
            TimeSpan.FromSeconds(Int("warmup", 10)),
            TimeSpan.FromSeconds(Int("duration", 30)),
            Int("breaches", 5),
            Int("concurrency", 64),
            Get("out", ".data/benchmark/result.json"),
            Get("markdown", "BENCHMARKS.md"),
            Get("command", "deploy/benchmark.sh"));
    }
}
