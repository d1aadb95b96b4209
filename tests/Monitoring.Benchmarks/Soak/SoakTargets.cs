using System.Globalization;
using Monitoring.Simulator;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// The figures ("Outages under load", part 4) checked against what the soak measured. Each
/// fault's window runs from the fault to the next fault (or the end of the load); requests count in
/// the window they were sent in, breaches in the one they were measured in.
/// </summary>
public static class SoakTargets
{
    public const double PromptShare = 0.90;
    public const double AlarmP99Ms = 1000;
    public const double LongestWaitAfterKillMs = 5000;
    public const int RefusalsAfterKillSeconds = 10;
    public const double MemoryGrowth = 0.10;
    public static readonly TimeSpan MemoryRun = TimeSpan.FromHours(1);

    public static List<SoakTarget> Evaluate(
        IReadOnlyList<Fault> faults, int loadEnd, TrafficSeconds traffic, BreachBook breaches, CounterSnapshot devices,
        HistoryCheck history, IReadOnlyList<ProcessSample> samples)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(traffic);
        ArgumentNullException.ThrowIfNull(breaches);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(samples);
        var targets = new List<SoakTarget>();
        var outages = faults.Where(f => f.Kind == Fault.DatabaseOutage).ToList();
        targets.Add(Each(outages, "during the database outage, ≥ 90 % of batches answered within 2.5 s", f =>
        {
            var t = traffic.Sum((int)f.At, (int)Math.Ceiling(f.End));
            return (I($"{t.PromptShare * 100:0.0} % of {t.Sent:N0} requests (longest {t.LongestWaitMs / 1000.0:0.0} s)"), t.Sent > 0 ? t.PromptShare >= PromptShare : null);
        }));
        targets.Add(Each(outages, "during the database outage, no device request timing out", f =>
        {
            var t = traffic.Sum((int)f.At, (int)Math.Ceiling(f.End));
            return (I($"{t.TimedOut:N0} timed out ({t.Sent:N0} sent)"), t.TimedOut == 0);
        }));
        targets.Add(Each(outages, "during the database outage, alarm p99 < 1 s", f =>
        {
            var (from, to) = ((int)f.At, (int)Math.Ceiling(f.End));
            var latencies = breaches.Latencies(from, to);
            var unseen = breaches.Unseen(from, to);
            var p99 = SoakWindow.Percentile(latencies, 0.99);
            return (I($"p99 {p99:0} ms, p50 {SoakWindow.Percentile(latencies, 0.5):0} ms ({latencies.Count} arrivals of {breaches.Count(from, to)} breaches; {unseen} never arrived)"),
                latencies.Count == 0 && unseen == 0 ? null : p99 < AlarmP99Ms && unseen == 0);
        }));

        var kills = faults.Where(f => f.Kind == Fault.SiloKill).ToList();
        targets.Add(Each(kills, "after a silo SIGKILL, no request waiting longer than 5 s", f =>
        {
            var t = traffic.Sum((int)f.At - 5, WindowEnd(f, faults, loadEnd));
            return (I($"longest {t.LongestWaitMs / 1000.0:0.0} s; {t.TimedOut:N0} timed out"), t.Sent > 0 ? t.LongestWaitMs <= LongestWaitAfterKillMs : null);
        }));
        targets.Add(Each(kills, "after a silo SIGKILL, partial 503s for at most 10 s", f =>
        {
            var (span, described) = Refusals(traffic, (int)f.At, WindowEnd(f, faults, loadEnd));
            return (described, span <= RefusalsAfterKillSeconds);
        }));

        targets.Add(new SoakTarget("no device gives up on a batch",
            I($"{devices.Refused:N0} refused and dropped, {devices.LostBy.GetValueOrDefault(StoreAndForwardQueue.QueueFull):N0} dropped from a full queue; {devices.LostBy.GetValueOrDefault(StoreAndForwardQueue.StillWaitingAtShutdown):N0} still unsent when the drain ended"),
            devices.Refused == 0 && devices.Lost == 0));
        targets.Add(new SoakTarget("every accepted batch stored",
            I($"{history.Lost:N0} of {history.Acknowledged:N0} acknowledged batches not in the history, {history.Partial:N0} partly; {history.StoredTwice:N0} stored twice") + (history.LostExamples.Count > 0 ? $" (e.g. {history.LostExamples[0]})" : ""),
            history.Lost == 0 && history.Partial == 0));
        targets.Add(Memory(samples, loadEnd, faults));
        return targets;
    }

    /// <summary>The end of a fault's window: the next fault, or the end of the load.</summary>
    public static int WindowEnd(Fault fault, IReadOnlyList<Fault> faults, int loadEnd) =>
        (int)Math.Ceiling(faults.Where(f => f.At > fault.At).Select(f => f.At).DefaultIfEmpty(loadEnd).Min());

    /// <summary>From the first to the last second of [from, to) in which some request was not accepted.</summary>
    public static (int Seconds, string Described) Refusals(TrafficSeconds traffic, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        var failing = Enumerable.Range(from, Math.Max(0, to - from)).Where(s => traffic.Sum(s, s + 1).NotAccepted > 0).ToList();
        var t = traffic.Sum(from, to);
        if (failing.Count == 0)
        {
            return (0, I($"every request accepted ({t.Sent:N0})"));
        }

        var span = failing[^1] - failing[0] + 1;
        return (span, I($"for {span} s, from +{failing[0] - from} s to +{failing[^1] - from + 1} s: {t.Unavailable:N0} answered 503, {t.TooMany + t.OtherStatus:N0} other refusals, {t.TimedOut:N0} timed out, of {t.Sent:N0}"));
    }

    /// <summary>
    /// Whether memory stays flat: judged from a minute after the last fault (a silo that takes over a dead
    /// one's grains grows by them, which is not a leak) to the end, each end the mean of up to five minutes
    /// of samples (one sample catches the garbage collector wherever it is). The growth since the end of
    /// the first minute, faults included, is said beside it.
    /// </summary>
    private static SoakTarget Memory(IReadOnlyList<ProcessSample> samples, int loadEnd, IReadOnlyList<Fault> faults)
    {
        const string Figure = "memory flat over a one-hour run (within 10 %)";
        var settled = faults.Select(f => (int)Math.Ceiling(f.End) + 60).Append(Math.Min(60, loadEnd / 10)).Max();
        var window = Math.Max(10, Math.Min(300, (loadEnd - settled) / 5));
        var from = Mean(samples, settled, settled + window);
        var to = Mean(samples, loadEnd - window, loadEnd + 1);
        var first = Mean(samples, Math.Min(60, loadEnd / 10), Math.Min(60, loadEnd / 10) + window);
        if (loadEnd - settled < 2 * window || from.Count == 0 || to.Count == 0)
        {
            return new SoakTarget(Figure, "too short to tell", null);
        }

        var growth = Growth(from, to);
        var described = I($"from {Clock(settled)} (a minute after the last fault) to {Clock(loadEnd)}, means of {window / 60.0:0.#} min: ")
            + string.Join(", ", growth.Select(g => I($"{g.Key} {g.Growth * 100:+0;-0;0} %")))
            + " (the driver is not judged); from " + Clock(Math.Min(60, loadEnd / 10)) + ", faults included: "
            + string.Join(", ", Growth(first, to).Where(g => g.Key != ProcessSampler.Driver).Select(g => I($"{g.Key} {g.Growth * 100:+0;-0;0} %")));
        return loadEnd < MemoryRun.TotalSeconds - 60
            ? new SoakTarget(Figure, I($"not a one-hour run; {described}"), null)
            // The driver is the instrument, not the system: listed, but not judged.
            : new SoakTarget(Figure, described, growth.Where(g => g.Key != ProcessSampler.Driver).All(g => g.Growth <= MemoryGrowth));
    }

    /// <summary>Each process's mean memory over the samples in [from, to), for the processes alive throughout.</summary>
    private static Dictionary<string, double> Mean(IReadOnlyList<ProcessSample> samples, int from, int to)
    {
        var inWindow = samples.Where(s => s.Second >= from && s.Second < to).ToList();
        return inWindow.Count == 0
            ? []
            : inWindow.SelectMany(s => s.MemoryMiB.Keys).Distinct()
                .Where(name => inWindow.All(s => s.MemoryMiB.GetValueOrDefault(name) is > 0))
                .ToDictionary(name => name, name => inWindow.Average(s => s.MemoryMiB[name]!.Value));
    }

    private static List<(string Key, double Growth)> Growth(Dictionary<string, double> from, Dictionary<string, double> to) =>
        [.. to.Where(m => from.GetValueOrDefault(m.Key) > 0).Select(m => (m.Key, (m.Value / from[m.Key]) - 1))];

    private static SoakTarget Each(List<Fault> faults, string figure, Func<Fault, (string Measured, bool? Met)> measure)
    {
        if (faults.Count == 0)
        {
            return new SoakTarget(figure, "no such fault in this run", null);
        }

        var results = faults.Select(f => (f, r: measure(f))).ToList();
        var measured = string.Join("; ", results.Select(x => faults.Count > 1 ? $"at {Clock(x.f.At)}: {x.r.Measured}" : x.r.Measured));
        bool? met = results.Any(x => x.r.Met == false) ? false : results.All(x => x.r.Met == true) ? true : null;
        return new SoakTarget(figure, measured, met);
    }

    public static string Clock(double seconds) => I($"{(int)seconds / 60}:{(int)seconds % 60:00}");

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
