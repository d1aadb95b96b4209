using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// Writes a soak run's results: <c>result.json</c> in the run's folder, the chart (SVG) and a section
/// appended to BENCHMARKS.md with the parameters, the issue's figures against what was measured, the
/// totals and the table.
/// </summary>
public sealed class SoakReport(SoakOptions options, SoakResults results)
{
    /// <summary>The issue's run: its figures are for this size.</summary>
    public const int IssueDevices = 1000;

    public const int IssueMinutes = 20;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Machine() => I($"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");

    public async Task WriteAsync()
    {
        var title = I($"Soak {options.Run}: {options.Devices:N0} devices, {options.Duration.TotalMinutes:0.#} min");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Chart))!);
        await File.WriteAllTextAsync(options.Chart, SoakChart.Render(title, results.ChartEnd, results.Traffic, results.Windows, results.Faults));
        await File.WriteAllTextAsync(options.ResultFile, JsonSerializer.Serialize(new
        {
            run = options.Run,
            date = DateTimeOffset.UtcNow,
            machine = Machine(),
            options.Command,
            options.Devices,
            durationSeconds = options.Duration.TotalSeconds,
            options.BreachesPerSecond,
            requestTimeoutSeconds = options.RequestTimeout.TotalSeconds,
            drainSeconds = options.Drain.TotalSeconds,
            faults = results.Faults,
            targets = results.Targets,
            devices = results.Devices,
            refusedByStatus = results.Traffic.RefusedByStatus.ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
            history = results.History,
            processes = results.Processes,
            windows = results.TenSecondWindows,
            samples = results.Samples,
        }, Json));
        await File.AppendAllTextAsync(options.Markdown, Markdown());
    }

    /// <summary>The figures, one line each, for the console.</summary>
    public IEnumerable<string> SummaryLines() => results.Targets.Select(t => $"{t.Verdict.Replace("*", "", StringComparison.Ordinal)}: {t.Figure}: {t.Measured}");

    private string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(I($"\n## Soak run of {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {options.Devices:N0} devices, {options.Duration.TotalMinutes:0.#} min\n"));
        if (options.Devices != IssueDevices || Math.Abs(options.Duration.TotalMinutes - IssueMinutes) > 0.01)
        {
            md.AppendLine(I($"**{(options.Devices < IssueDevices || options.Duration.TotalMinutes < IssueMinutes ? "A reduced run" : "Not the issue's run")}:** the issue's figures are for {IssueDevices:N0} devices over {IssueMinutes} minutes (database out 30 s at minute 5, a silo SIGKILLed at 10, the other api host at 15). This run had {options.Devices:N0} devices for {options.Duration.TotalMinutes:0.#} minutes, so what it measured is not those figures.\n"));
        }

        md.AppendLine(I($"Machine: {Machine()}, shared with other work (the CPU columns show how busy it was). Command: `{options.Command}`. Written by the command; run folder `.data/soak/{options.Run}`."));
        md.AppendLine("- System: `deploy/cluster.sh --no-restart` (three silos, two api hosts and PostgreSQL) on ports and a data folder of its own, with the driver (`tests/Monitoring.Benchmarks soak`) on the same machine.");
        md.AppendLine(I($"- Load: {options.Devices:N0} simulator devices (store-and-forward queues, {options.RequestTimeout.TotalSeconds:0} s request timeout), one batch of {SoakWard.ReadingsPerBatch} vitals a second each, all to api-1. {options.BreachesPerSecond} beds a second measure a fever (`{BreachBook.AlarmCode}`). A unit client on each api host times each alarm from the device's measurement to its arrival."));
        md.AppendLine("- Faults, as injected: " + (results.Faults.Count == 0 ? "none." : string.Join("; ", results.Faults.Select(f => I($"{f.Label} at {SoakTargets.Clock(f.At)} ({f.Detail})"))) + "."));
        md.AppendLine(I($"- After the load the devices had up to {options.Drain.TotalSeconds:0} s to send what they held; then every acknowledged batch was looked for in `vitals_readings`.\n"));
        md.AppendLine(I($"![Soak {options.Run}: batches per second and alarm latency, faults shaded]({options.ChartLink})\n"));
        md.AppendLine("| figure (issue) | measured | |");
        md.AppendLine("|---|---|---|");
        foreach (var target in results.Targets)
        {
            md.AppendLine($"| {target.Figure} | {target.Measured} | {target.Verdict} |");
        }

        md.AppendLine();
        foreach (var line in results.Totals)
        {
            md.AppendLine("- " + line);
        }

        var size = results.Windows.Count > 0 ? results.Windows[0].To - results.Windows[0].From : 10;
        md.AppendLine(I($"\nEvery {size} s (requests by the second they were sent; memory at the end of the row; PostgreSQL as PSS; the full 10 s table is in `result.json`):\n"));
        md.AppendLine(I($"| from | sent | accepted | 503 | other refused | timed out | answered ≤ 2.5 s | longest wait (s) | waiting in queues | alarm p50 / p99 (ms) | RSS {string.Join(" / ", results.Processes)} (MiB) | CPU ours / machine (cores) | fault |"));
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var w in results.Windows)
        {
            var t = w.Traffic;
            md.AppendLine(I($"| {SoakTargets.Clock(w.From)} | {t.Sent:N0} | {t.Accepted:N0} | {t.Unavailable:N0} | {t.TooMany + t.OtherStatus + t.ConnectionFailed:N0} | {t.TimedOut:N0} | {t.PromptShare * 100:0.#} % | {t.LongestWaitMs / 1000.0:0.0} | {w.Waiting:N0} | {w.AlarmP50Ms:0} / {w.AlarmP99Ms:0}{(w.AlarmsUnseen > 0 ? I($" ({w.AlarmsUnseen} lost)") : "")} | {string.Join(" / ", results.Processes.Select(p => w.MemoryMiB.GetValueOrDefault(p) is { } mib ? mib.ToString("0", CultureInfo.InvariantCulture) : "–"))} | {w.OurCores:0.00} / {w.MachineCores:0.00} | {w.Faults} |"));
        }

        return md.ToString().Replace("NaN", "–", StringComparison.Ordinal);
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
