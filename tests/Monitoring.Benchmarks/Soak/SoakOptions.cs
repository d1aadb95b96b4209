using System.Globalization;

namespace Monitoring.Benchmarks.Soak;

/// <summary>The soak's settings, from the command line deploy/soak.sh gives (<c>soak --name value ...</c>).</summary>
public sealed record SoakOptions(
    Uri Api,
    IReadOnlyList<Uri> WatchApis,
    string Database,
    int Devices,
    TimeSpan Duration,
    int BreachesPerSecond,
    TimeSpan Drain,
    TimeSpan RequestTimeout,
    string RunDirectory,
    string PidDirectory,
    string PostgresData,
    string Markdown,
    string Chart,
    string ChartLink,
    string Command)
{
    /// <summary>Written by the driver when the devices start: Unix seconds. deploy/soak.sh times its faults from it.</summary>
    public string StartedFile => Path.Combine(RunDirectory, "load-started");

    /// <summary>Written by deploy/soak.sh as it injects each fault.</summary>
    public string FaultsFile => Path.Combine(RunDirectory, "faults.tsv");

    public string ResultFile => Path.Combine(RunDirectory, "result.json");

    public string Run => Path.GetFileName(RunDirectory.TrimEnd('/'));

    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"soak: expected --name value pairs, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Get(string name, string? fallback = null) =>
            values.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"soak: --{name} is required.");
        int Int(string name, int fallback, int min, int max)
        {
            var text = Get(name, fallback.ToString(CultureInfo.InvariantCulture));
            return int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw new ArgumentException($"soak: --{name} must be a whole number from {min} to {max}, not '{text}'.");
        }

        return new SoakOptions(
            new Uri(Get("api")),
            [.. Get("watch").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u))],
            Get("db"),
            Int("devices", 1000, 1, 20_000),
            TimeSpan.FromSeconds(Int("seconds", 1200, 10, 4 * 3600)),
            Int("breaches", 5, 0, 1000),
            TimeSpan.FromSeconds(Int("drain", 60, 0, 600)),
            TimeSpan.FromSeconds(Int("request-timeout", 10, 1, 120)),
            Get("run-dir"),
            Get("pid-dir"),
            Get("pg-data"),
            Get("markdown", "BENCHMARKS.md"),
            Get("chart"),
            Get("chart-link"),
            Get("command", "deploy/soak.sh"));
    }
}
