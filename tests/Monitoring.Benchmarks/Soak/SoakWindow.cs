namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// One row of the soak's table: the requests sent in seconds [<see cref="From"/>, <see cref="To"/>),
/// the breaches measured in them and their alarm latency, and the system as sampled at <see cref="To"/>.
/// </summary>
public sealed record SoakWindow(
    int From,
    int To,
    TrafficCounts Traffic,
    int Breaches,
    int AlarmsUnseen,
    double AlarmP50Ms,
    double AlarmP99Ms,
    long? Waiting,
    long? GaveUp,
    IReadOnlyDictionary<string, double?> MemoryMiB,
    double? OurCores,
    double? MachineCores,
    string Faults)
{
    /// <summary>The <paramref name="p"/> percentile (0 to 1) by nearest rank; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Rows of <paramref name="size"/> seconds over [0, <paramref name="end"/>).</summary>
    public static List<SoakWindow> Build(
        int size, int end, TrafficSeconds traffic, BreachBook breaches, IReadOnlyList<ProcessSample> samples, IReadOnlyList<Fault> faults, IReadOnlyList<string> processes)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        ArgumentNullException.ThrowIfNull(breaches);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(processes);
        var rows = new List<SoakWindow>();
        for (var from = 0; from < end; from += size)
        {
            var to = Math.Min(from + size, end);
            var latencies = breaches.Latencies(from, to);
            var (first, last) = (SampleAt(samples, from), SampleAt(samples, to));
            var seconds = last is null || first is null ? 0 : last.Second - first.Second;
            rows.Add(new SoakWindow(
                from, to, traffic.Sum(from, to), breaches.Count(from, to), breaches.Unseen(from, to),
                Percentile(latencies, 0.50), Percentile(latencies, 0.99),
                last?.Waiting, last?.GaveUp,
                processes.ToDictionary(p => p, p => last?.MemoryMiB.GetValueOrDefault(p)),
                // A process gone (or restarted: PostgreSQL after its outage) adds nothing rather than a negative figure.
                seconds > 0 ? processes.Sum(p => Math.Max(0, (last!.CpuSeconds.GetValueOrDefault(p) - first!.CpuSeconds.GetValueOrDefault(p)) ?? 0)) / seconds : null,
                seconds > 0 ? (last!.MachineCpuSeconds - first!.MachineCpuSeconds) / seconds : null,
                string.Join("; ", faults.Where(f => f.At < to && Math.Max(f.End, f.At + 1) > from).Select(f => f.Label))));
        }

        return rows;
    }

    /// <summary>The last sample taken at or before <paramref name="second"/>.</summary>
    private static ProcessSample? SampleAt(IReadOnlyList<ProcessSample> samples, int second) =>
        samples.LastOrDefault(s => s.Second <= second);
}
