using System.Globalization;
using System.Text;

namespace Monitoring.Benchmarks;

/// <summary>
/// The headline table at the top of BENCHMARKS.md (and nowhere else by hand): rewritten from the latest
/// run between its two markers, so the figures people quote are always the latest run's.
/// </summary>
public static class BenchmarkHeadline
{
    public const string Begin = "<!-- latest-run: written by the benchmark, do not edit -->";
    public const string End = "<!-- /latest-run -->";

    /// <summary>A ward size counts as sustained when it took at least this share of what was offered, refusing and losing nothing.</summary>
    public const double SustainedShare = 0.98;

    /// <summary>The devices each transport is to sustain at 1 Hz with alarm p99 ≤ 100 ms (issue 17): 5,000 over per-request HTTP, 10,000 otherwise.</summary>
    public static int TargetDevices(string transport) => transport.Equals("HTTP", StringComparison.OrdinalIgnoreCase) ? 5_000 : 10_000;

    /// <summary>The issue's ceiling for the silo's CPU per batch.</summary>
    public const double SiloMicrosecondsPerBatchTarget = 60;

    /// <summary>The table for one run, with the issue's targets beside what it measured.</summary>
    public static string Table(DateTimeOffset at, string command, double? ingestShare, double idleKiB, IReadOnlyList<WardRow> rows, IReadOnlyList<CallFloorResult>? floors = null, double streamingKiB = 0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var i = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(i, $"## Latest run: {at:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(i, $"Written by `{command}` from that run (its full section is the last `## Run of` below); compare figures only within one run.");
        md.AppendLine();
        md.AppendLine("| target | latest run | met |");
        md.AppendLine("|---|---|---|");
        foreach (var transport in rows.Select(r => r.Transport).Distinct())
        {
            var sizes = rows.Where(r => r.Transport == transport).ToList();
            var sustained = sizes.Where(Sustained).MaxBy(r => r.Devices);
            var target = TargetDevices(transport);
            md.AppendLine(i, $"| {target:N0} devices at 1 Hz over {transport}, alarm p99 ≤ 100 ms | {(sustained is null ? "no size sustained" : $"**{sustained.Devices:N0} devices** sustained ({sustained.Achieved:N0} readings/s, alarm p99 {sustained.P99:0} ms)")}; tried {string.Join(", ", sizes.Select(r => r.Devices.ToString("N0", i)))} | {(sustained is not null && sustained.Devices >= target && sustained.P99 <= 100 ? "yes" : "no")} |");
        }

        var thousand = rows.Where(r => r.Devices == 1_000 && !double.IsNaN(r.P99)).ToList();
        md.AppendLine(i, $"| alarm p99 ≤ 100 ms at 1,000 devices | {(thousand.Count == 0 ? "not measured" : string.Join("; ", thousand.Select(r => $"{r.P99:0} ms over {r.Transport} (p50 {r.P50:0} ms)")))} | {(thousand.Count == 0 ? "–" : thousand.All(r => r.P99 <= 100) ? "yes" : "no")} |");
        var lost = rows.Sum(r => Math.Max(0, r.LostReadings));
        var alarmsLost = rows.Sum(r => r.LostAlarms);
        md.AppendLine(i, $"| no accepted reading lost | {lost:N0} readings and {alarmsLost:N0} alarms lost over every size | {(lost == 0 && alarmsLost == 0 ? "yes" : "no")} |");
        md.AppendLine(i, $"| closed-loop HTTP ingest ≥ 20 % of the bare endpoint | {(ingestShare is { } share ? $"{share * 100:0} %" : "not measured")} | {(ingestShare >= 0.2 ? "yes" : "no")} |");
        var perBatch = rows.Where(r => !double.IsNaN(r.SiloMicrosecondsPerBatch)).ToList();
        var twoGrains = floors?.Where(f => f.Grains == 2).ToList() ?? [];
        var floor = twoGrains.Count > 0 ? $" (Orleans' own floor, a call through two no-op grains: {string.Join("; ", twoGrains.Select(f => $"{f.SiloMicrosecondsPerCall:0} µs at {f.Devices:N0} a second"))})" : "";
        md.AppendLine(i, $"| silo CPU per batch ≤ {SiloMicrosecondsPerBatchTarget:0} µs | {(perBatch.Count == 0 ? "not measured" : string.Join("; ", perBatch.Select(r => $"{r.SiloMicrosecondsPerBatch:0} µs at {r.Devices:N0} over {r.Transport}")))}{floor} | {(perBatch.Count > 0 && perBatch.All(r => r.SiloMicrosecondsPerBatch <= SiloMicrosecondsPerBatchTarget) ? "yes" : "no")} |");
        md.AppendLine(i, $"| ≤ 10 KB per idle patient | {idleKiB:0.0} KiB | {(idleKiB <= 10 ? "yes" : "no")} |");
        var streaming = rows.Where(r => !double.IsNaN(r.KiBPerPatient)).ToList();
        var wards = streaming.Count == 0 ? "" : $"{streaming.Min(r => r.KiBPerPatient):0.0}–{streaming.Max(r => r.KiBPerPatient):0.0} KiB over the wards, their injected alarms included";
        var measured = streamingKiB > 0
            ? $"{streamingKiB:0.0} KiB streaming within limits{(wards.Length > 0 ? "; " + wards : "")}"
            : wards.Length > 0 ? wards : "not measured";
        var met = streamingKiB > 0 ? streamingKiB <= 12 : streaming.Count > 0 && streaming.All(r => r.KiBPerPatient <= 12);
        md.AppendLine(i, $"| ≤ 12 KB per streaming patient with its device | {measured} | {(met ? "yes" : "no")} |");
        return md.ToString();
    }

    /// <summary>Puts <paramref name="table"/> between the markers, replacing what was there; adds the markers after the first paragraph when they are missing.</summary>
    public static string Replace(string markdown, string table)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var block = $"{Begin}\n{table.TrimEnd()}\n{End}";
        var begin = markdown.IndexOf(Begin, StringComparison.Ordinal);
        var end = markdown.IndexOf(End, StringComparison.Ordinal);
        if (begin >= 0 && end > begin)
        {
            return string.Concat(markdown.AsSpan(0, begin), block, markdown.AsSpan(end + End.Length));
        }

        // After the title and the first paragraph.
        var firstBreak = markdown.IndexOf("\n\n", StringComparison.Ordinal);
        var secondBreak = firstBreak < 0 ? -1 : markdown.IndexOf("\n\n", firstBreak + 2, StringComparison.Ordinal);
        var at = secondBreak < 0 ? markdown.Length : secondBreak + 2;
        return string.Concat(markdown.AsSpan(0, at), block, "\n\n", markdown.AsSpan(at));
    }

    private static bool Sustained(WardRow row) =>
        row.Refused == 0 && row.Failed == 0 && row.LostReadings <= 0 && row.Achieved >= SustainedShare * row.Offered;
}
