using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Monitoring.Benchmarks;

/// <summary>
/// <c>replay</c>: issue 20's bound alone (<c>deploy/benchmark.sh --replay-only</c>), measured by <see cref="ReplayAtScale"/>;
/// appends a section to the report and keeps the latest run's line in its own block, beside the main benchmark's table.
/// </summary>
public static class ReplayCommand
{
    /// <summary>The bound the issue sets for a week of a 40-bed unit.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private const string Start = "<!-- latest-replay-run: written by the replay benchmark, do not edit -->";
    private const string End = "<!-- /latest-replay-run -->";

    public static async Task<int> RunAsync(string[] args)
    {
        var values = BenchmarkOptions.Values(args);
        string Get(string name) => BenchmarkOptions.Value(values, name);
        int Int(string name, int fallback) => BenchmarkOptions.IntValue(values, name, fallback);

        var credentials = Monitoring.Simulator.SimulatorCredentials.FromEnvironment(TimeProvider.System)
            ?? throw new InvalidOperationException("Set Auth__SigningKey (deploy/benchmark.sh does): staff sign in with tokens made from it.");
        using var http = new HttpClient(new BenchmarkSignIn(credentials) { InnerHandler = new SocketsHttpHandler() }) { Timeout = TimeSpan.FromSeconds(30) };
        await using var database = NpgsqlDataSource.Create(Get("db"));
        var result = await new ReplayAtScale(http, new Uri(Get("api")), database, Int("replay-beds", 40), Int("replay-days", 7), Int("replay-runs", 3), Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                int.TryParse(BenchmarkOptions.Value(values, "silo-pid", ""), CultureInfo.InvariantCulture, out var silo) ? silo : null)
            .MeasureAsync();
        var command = Get("command");
        await File.WriteAllTextAsync(Get("out"), JsonSerializer.Serialize(new { date = DateTimeOffset.UtcNow, machine = BenchmarkReport.Machine(), command, result, medianSeconds = result.MedianSeconds },
            Indented));
        var markdown = Get("markdown");
        await File.AppendAllTextAsync(markdown, Section(result, command));
        await File.WriteAllTextAsync(markdown, Latest(await File.ReadAllTextAsync(markdown), result, command));
        Console.WriteLine($"Median {result.MedianSeconds:0.0} s ({result.MinSeconds:0.0}–{result.MaxSeconds:0.0} s) over {result.Runs.Count} replays; table added to {markdown}.");
        return 0;
    }

    private static bool Met(ReplayAtScaleResult result) => result.Beds >= 40 && result.Days >= 7 && result.MedianSeconds < Bound.TotalSeconds;

    private static string Section(ReplayAtScaleResult result, string command)
    {
        var i = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(i, $"\n## What-if replay run of {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC\n");
        md.AppendLine(i, $"Machine: {BenchmarkReport.Machine()}. Command: `{command}`.\n");
        md.AppendLine(i, $"A {result.Beds}-bed unit, {result.Days} days of 1 Hz batches (six vitals each, and the nurses' rounds every half hour: {result.Batches:N0} batches) loaded by binary COPY in {result.LoadSeconds:0} s; the proposal `{result.Proposal}` replayed over the whole period through the api, each timed from the request to the outcome:\n");
        md.AppendLine("| replay | request to outcome | in the silo | batches | patients | alarms stored | alarms proposed | CPU s: silo | PostgreSQL | the rest of the machine |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        for (var n = 0; n < result.Runs.Count; n++)
        {
            var run = result.Runs[n];
            md.AppendLine(i, $"| {n + 1} | {run.Seconds:0.0} s | {run.SiloSeconds:0.0} s | {run.Batches:N0} | {run.Patients} | {run.StoredAlarms} | {run.ProposedAlarms} | {run.SiloCpuSeconds:0.0} | {run.PostgresCpuSeconds:0.0} | {run.OtherCpuSeconds:0.0} |");
        }

        md.AppendLine(i, $"\nMedian **{result.MedianSeconds:0.0} s** ({result.MinSeconds:0.0}–{result.MaxSeconds:0.0} s), {result.Batches / result.MedianSeconds:N0} batches a second; bound {Bound.TotalSeconds:0} s for a week of 40 beds: {(Met(result) ? "met" : "not met")}. (No alarms are stored for loaded history: the stored column is 0 by design.) The CPU columns are the seconds of CPU each used during the replay, the rest of the machine's being everything else running on it then (other builds and tests on a shared machine): a replay is bound by the CPU, so what others took is time it waited.");
        return md.ToString();
    }

    /// <summary>The latest replay run's line, in its block after the main benchmark's table (added there the first time).</summary>
    private static string Latest(string markdown, ReplayAtScaleResult result, string command)
    {
        var block = string.Create(CultureInfo.InvariantCulture,
            $"{Start}\nLatest what-if replay run, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC (`{command}`): a week of a {result.Beds}-bed unit ({result.Days} days, {result.Batches:N0} batches) replayed in a median **{result.MedianSeconds:0.0} s** ({result.MinSeconds:0.0}–{result.MaxSeconds:0.0} s over {result.Runs.Count}); bound {Bound.TotalSeconds:0} s: **{(Met(result) ? "met" : "not met")}**.\n{End}");
        var start = markdown.IndexOf(Start, StringComparison.Ordinal);
        if (start >= 0)
        {
            var end = markdown.IndexOf(End, start, StringComparison.Ordinal) + End.Length;
            return string.Concat(markdown.AsSpan(0, start), block, markdown.AsSpan(end));
        }

        const string AfterTable = "<!-- /latest-run -->";
        var at = markdown.IndexOf(AfterTable, StringComparison.Ordinal);
        return at < 0 ? markdown + "\n" + block + "\n" : markdown.Insert(at + AfterTable.Length, "\n\n" + block);
    }
}
