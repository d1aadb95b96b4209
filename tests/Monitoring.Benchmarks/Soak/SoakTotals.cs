using System.Globalization;
using Monitoring.Simulator;

namespace Monitoring.Benchmarks.Soak;

/// <summary>The whole run in a few lines: batches, requests, alarms per unit client, the history, and the api host's kill (the issue sets no figure for it).</summary>
public static class SoakTotals
{
    public static List<string> Describe(
        SoakOptions options, int end, TrafficSeconds traffic, BreachBook breaches, CounterSnapshot devices, HistoryCheck history, IReadOnlyList<Fault> faults, int loadEnd)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(traffic);
        ArgumentNullException.ThrowIfNull(breaches);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(faults);
        var t = traffic.Sum(0, end);
        var all = breaches.Latencies(0, end);
        var lines = new List<string>
        {
            I($"Batches: {devices.Measured:N0} measured, {devices.Acknowledged:N0} acknowledged ({devices.Duplicates:N0} of them as duplicates), {devices.Refused:N0} refused and dropped, {devices.Lost:N0} lost by the devices") + ByReason(devices.LostBy) + ".",
            I($"Requests, resends included: {t.Sent:N0} sent, {t.Accepted:N0} answered 2xx; refused by status: ") + (traffic.RefusedByStatus.Count == 0 ? "none" : string.Join(", ", traffic.RefusedByStatus.Select(s => I($"{s.Key}: {s.Value:N0}")))) + I($"; {t.TimedOut:N0} timed out after {options.RequestTimeout.TotalSeconds:0} s; {t.ConnectionFailed:N0} not connected; longest wait {t.LongestWaitMs / 1000.0:0.0} s."),
            I($"Alarms: {breaches.Count(0, end):N0} fevers measured, {breaches.Unseen(0, end):N0} of them reached neither unit client; every arrival: p50 {SoakWindow.Percentile(all, 0.5):0} ms, p99 {SoakWindow.Percentile(all, 0.99):0} ms, max {all.DefaultIfEmpty(double.NaN).Max():0} ms; ")
                + string.Join(", ", options.WatchApis.Select((_, client) => PerClient(breaches, client, end))) + ".",
            I($"History: {history.Stored:N0} of {history.Acknowledged:N0} acknowledged batches found ({SoakWard.ReadingsPerBatch} rows each), {history.Lost:N0} lost, {history.Partial:N0} partly stored, {history.StoredTwice:N0} stored twice; {history.StoredNotAcknowledged:N0} stored though never acknowledged (the answer did not reach the device before the run ended)."),
        };
        foreach (var kill in faults.Where(f => f.Kind == Fault.ApiKill))
        {
            var window = traffic.Sum((int)kill.At - 5, SoakTargets.WindowEnd(kill, faults, loadEnd));
            var (_, refusals) = SoakTargets.Refusals(traffic, (int)kill.At, SoakTargets.WindowEnd(kill, faults, loadEnd));
            lines.Add(I($"After the api host's SIGKILL at {SoakTargets.Clock(kill.At)} (the devices' host is the other one; the issue sets no figure): {refusals}; longest wait {window.LongestWaitMs / 1000.0:0.0} s."));
        }

        return lines;
    }

    private static string PerClient(BreachBook breaches, int client, int end)
    {
        var latencies = breaches.All.Where(b => b.Second < end).Select(b => b.LatencyAt(client)).Where(l => l is not null).Select(l => l!.Value).ToList();
        return I($"{latencies.Count:N0} arrivals at the client on api-{client + 1} (p99 {SoakWindow.Percentile(latencies, 0.99):0} ms)");
    }

    private static string ByReason(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "" : " (" + string.Join(", ", counts.Select(c => I($"{c.Key}: {c.Value:N0}"))) + ")";

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
