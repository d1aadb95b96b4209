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

    /// <summary>The table for one run, with the issue's targets beside what it measured.</summary>
    public static string Table(DateTimeOffset at, string command, double? ingestShare, double idleKiB, IReadOnlyList<WardRow> rows)
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
            md.AppendLine(i, $"| 10,000 devices at 1 Hz over {transport} | {(sustained is null ? "no size sustained" : $"**{sustained.Devices:N0} devices** sustained ({sustained.Achieved:N0} readings/s)")}; tried {string.Join(", ", sizes.Select(r => r.Devices.ToString("N0", i)))} | {(sustained?.Devices >= 10_000 ? "yes" : "no")} |");
        }

        var thousand = rows.Where(r => r.Devices == 1_000 && !double.IsNaN(r.P99)).ToList();
        md.AppendLine(i, $"| alarm p99 ≤ 100 ms at 1,000 devices | {(thousand.Count == 0 ? "not measured" : string.Join("; ", thousand.Select(r => $"{r.P99:0} ms over {r.Transport} (p50 {r.P50:0} ms)")))} | {(thousand.Count == 0 ? "–" : thousand.All(r => r.P99 <= 100) ? "yes" : "no")} |");
        var lost = rows.Sum(r => Math.Max(0, r.LostReadings));
        var alarmsLost = rows.Sum(r => r.LostAlarms);
        md.AppendLine(i, $"| no accepted reading lost | {lost:N0} readings and {alarmsLost:N0} alarms lost over every size | {(lost == 0 && alarmsLost == 0 ? "yes" : "no")} |");
        md.AppendLine(i, $"| ingest ≥ 50 % of the bare endpoint | {(ingestShare is { } share ? $"{share * 100:0} %" : "not measured")} | {(ingestShare >= 0.5 ? "yes" : "no")} |");
        md.AppendLine(i, $"| ≤ 10 KB per idle patient | {idleKiB:0.0} KiB | {(idleKiB <= 10 ? "yes" : "no")} |");
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
