using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Monitoring.Benchmarks;

/// <summary>Collects the measurements and writes them as JSON and as a table appended to BENCHMARKS.md.</summary>
public sealed class BenchmarkReport(BenchmarkOptions options)
{
    // A size where no alarm arrived has no latency percentiles (NaN), which plain JSON cannot hold.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private readonly List<WardRow> _rows = [];

    public IReadOnlyDictionary<string, ProcessProbe> Processes { get; } = new Dictionary<string, ProcessProbe>
    {
        ["silo"] = new(options.SiloPid),
        ["api"] = new(options.ApiPid),
        ["generator"] = new(Environment.ProcessId),
    };

    public RateResult? BareEndpoint { get; set; }

    public RateResult? GrainCalls { get; set; }

    public RateResult? IngestCeiling { get; set; }

    /// <summary>Orleans' own cost of a call per batch through two grains, at each size measured (<see cref="CallFloor"/>).</summary>
    public List<CallFloorResult> Floors { get; } = [];

    public double IdleBytesPerPatient { get; set; }

    /// <summary>Managed memory per patient streaming from its monitor, within limits (<see cref="StreamingPatients"/>); 0 when not measured.</summary>
    public double StreamingBytesPerPatient { get; set; }

    /// <summary>The vitals history's size on disk at the end of the run.</summary>
    public HistoryFootprint? History { get; set; }

    /// <summary>Trends and retention over days of a large ward's history, loaded by COPY.</summary>
    public HistoryAtScaleResult? HistoryAtScale { get; set; }

    /// <summary>Ward sizes that could not even be set up, with the reason.</summary>
    public List<string> NotSetUp { get; } = [];

    public string LastLine => _rows.Count == 0 ? "" : Describe(_rows[^1]);

    public void Add(WardResult result, MeasureWindow window, long managedBytesPerPatient, long lostReadings)
    {
        var latencies = result.AlarmLatencyMs.Order().ToArray();
        double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        _rows.Add(new WardRow(
            result.Transport,
            result.Devices,
            result.Devices * (double)result.ReadingsPerBatch,
            result.Accepted * (double)result.ReadingsPerBatch / result.Measured.TotalSeconds,
            result.Refused,
            result.Failed,
            lostReadings,
            Percentile(0.50), Percentile(0.95), Percentile(0.99), latencies.Length == 0 ? double.NaN : latencies[^1],
            result.Breaches - latencies.Length,
            window.CpuCores.GetValueOrDefault("silo"), window.CpuCores.GetValueOrDefault("api"),
            window.CpuCores.GetValueOrDefault("generator"), window.CpuCores.GetValueOrDefault("postgres"), window.CpuCores.GetValueOrDefault("other"),
            window.PeakMemoryMiB.GetValueOrDefault("silo"), window.PeakMemoryMiB.GetValueOrDefault("api"),
            managedBytesPerPatient / 1024.0,
            window.RowsPerSecond) { Statements = window.Statements, PostgresProcesses = window.PostgresProcesses });
    }

    public async Task WriteAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.ResultFile))!);
        var result = new { date = DateTimeOffset.UtcNow, machine = Machine(), options.Command, bareEndpoint = BareEndpoint, grainCalls = GrainCalls, floors = Floors, ingestCeiling = IngestCeiling, idleBytesPerPatient = IdleBytesPerPatient, streamingBytesPerPatient = StreamingBytesPerPatient, history = History, historyAtScale = HistoryAtScale, wards = _rows, notSetUp = NotSetUp };
        await File.WriteAllTextAsync(options.ResultFile, JsonSerializer.Serialize(result, Indented));
        await File.AppendAllTextAsync(options.Markdown, Markdown());
        var headline = BenchmarkHeadline.Table(DateTimeOffset.UtcNow, options.Command, IngestCeiling?.PerSecond / BareEndpoint?.PerSecond, IdleBytesPerPatient / 1024, _rows, Floors, StreamingBytesPerPatient / 1024);
        await File.WriteAllTextAsync(options.Markdown, BenchmarkHeadline.Replace(await File.ReadAllTextAsync(options.Markdown), headline));
    }

    private string Markdown()
    {
        var md = new StringBuilder();
        var i = CultureInfo.InvariantCulture;
        md.AppendLine(i, $"\n## Run of {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC\n");
        md.AppendLine(i, $"Machine: {Machine()}. Command: `{options.Command}`. Warm-up {options.Warmup.TotalSeconds:0} s, measured {options.Duration.TotalSeconds:0} s per size, {options.BreachesPerSecond} breaches injected per second.\n");
        md.AppendLine("| same-run baseline | rate |");
        md.AppendLine("|---|---|");
        md.AppendLine(i, $"| bare ASP.NET Core endpoint, same JSON parsed, 202 (wrk, {options.Concurrency} connections) | {BareEndpoint?.PerSecond:0} req/s, p99 {BareEndpoint?.P99Ms:0.0} ms |");
        md.AppendLine(i, $"| no-op grain call from a client ({options.Concurrency} concurrent) | {GrainCalls?.PerSecond:0} calls/s |");
        md.AppendLine(i, $"| our ingest, as fast as it takes batches (wrk, {options.Concurrency} connections, {CeilingWard.Devices} devices) | {IngestCeiling?.PerSecond:0} req/s, p99 {IngestCeiling?.P99Ms:0.0} ms = **{(IngestCeiling?.PerSecond / BareEndpoint?.PerSecond) * 100:0} %** of the bare endpoint; {IngestCeiling?.Failed} not accepted |");
        foreach (var floor in Floors)
        {
            var through = floor.Grains == 2 ? "two no-op grains (one awaiting the other, as a device grain its patient)" : "one no-op grain";
            md.AppendLine(i, $"| Orleans' floor: {floor.Devices:N0} devices' batches a second from a client, each through {through} | {floor.CallsPerSecond:0} calls/s answered, {floor.Failed} failed; silo {floor.SiloCores:0.00} cores = **{floor.SiloMicrosecondsPerCall:0} µs a call**, client {floor.ClientCores:0.00} cores |");
        }

        md.AppendLine(i, $"| managed memory per idle patient ({options.IdlePatients} admitted, one set of vitals each) | {IdleBytesPerPatient / 1024:0.0} KiB |");
        md.AppendLine(i, $"| managed memory per streaming patient with its monitor ({options.StreamingPatients} sending five vitals a second over HTTP, within limits) | {(StreamingBytesPerPatient > 0 ? $"{StreamingBytesPerPatient / 1024:0.0} KiB" : "not measured")} |\n");
        md.AppendLine("| transport | devices | offered readings/s | achieved readings/s | refused | failed | readings lost | alarm p50 / p95 / p99 / max (ms) | alarms lost | CPU silo / api / generator / PostgreSQL / rest (cores) | peak RSS silo / api (MiB) | managed memory per active patient and device (KiB) | readings stored/s | PostgreSQL CPU per stored reading (µs) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in _rows)
        {
            md.AppendLine(i, $"| {row.Transport} | {row.Devices} | {row.Offered:0} | {row.Achieved:0} | {row.Refused} | {row.Failed} | {row.LostReadings} | {row.P50:0} / {row.P95:0} / {row.P99:0} / {row.Max:0} | {row.LostAlarms} | {row.CpuSilo:0.00} / {row.CpuApi:0.00} / {row.CpuGenerator:0.00} / {row.CpuPostgres:0.00} / {row.CpuOther:0.00} | {row.RssSilo:0} / {row.RssApi:0} | {row.KiBPerPatient:0.0} | {row.RowsPerSecond:0} | {row.PostgresMicrosecondsPerReading:0.0} |");
        }

        foreach (var row in _rows.Where(r => r.PostgresProcesses.Count > 0))
        {
            md.AppendLine(i, $"\nWho spent PostgreSQL's CPU at {row.Devices} devices over {row.Transport} (connections by `application_name`, server processes by type; /proc, the measured window):\n");
            md.AppendLine("| share | cores | µs per stored reading | process |");
            md.AppendLine("|---|---|---|---|");
            foreach (var p in row.PostgresProcesses.Where(p => p.Cores >= 0.0005))
            {
                md.AppendLine(i, $"| {p.Cores / row.CpuPostgres * 100:0} % | {p.Cores:0.000} | {(row.RowsPerSecond > 0 ? p.Cores * 1e6 / row.RowsPerSecond : double.NaN):0.0} | {p.Name} |");
            }
        }

        foreach (var row in _rows.Where(r => r.Statements.Count > 0))
        {
            md.AppendLine(i, $"\nWhere PostgreSQL's statement time went at {row.Devices} devices over {row.Transport} (pg_stat_statements, the measured window; planning included):\n");
            md.AppendLine("| share | ms per s | calls per s | µs per call | rows per s | statement |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var s in row.Statements)
            {
                md.AppendLine(i, $"| {s.Share * 100:0} % | {s.MillisecondsPerSecond:0.0} | {s.CallsPerSecond:0.0} | {s.MicrosecondsPerCall:0} | {s.RowsPerSecond:0} | `{s.Statement.Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal)}` |");
            }
        }

        if (History is { } history)
        {
            md.AppendLine(i, $"\nVitals history on disk at the end of the run (tables and indexes): {history.BatchRowBytesPerReading:0} bytes per reading as batch rows ({history.Readings:N0} readings in {history.BatchRowBytes / 1048576.0:0} MiB); the same readings one row each, as the previous release stored them: {history.OneRowPerReadingBytesPerReading:0} bytes per reading ({history.OneRowPerReadingBytesPerReading / history.BatchRowBytesPerReading:0.0} times as much).");
        }

        if (HistoryAtScale is { } scale)
        {
            md.AppendLine(i, $"\nHistory of a {scale.Beds}-bed ward over {scale.Days} days, loaded by binary COPY in {scale.LoadSeconds:0} s (not streamed): {scale.MinuteRows:N0} minute-trend rows (five vitals) and the {scale.TenMinuteRows:N0} ten-minute rows the roll-up makes of them, {scale.RecentBatchRows:N0} batch rows of the last two hours (1 Hz, five vitals each) and a day five days back as {scale.DayBatchRows:N0} one-minute batch rows. Each trend asked {(scale.Trends.Count > 0 ? scale.Trends[0].Queries : 0)} times over HTTP for a patient drawn at random, one after another, after 10 unmeasured:\n");
            md.AppendLine("| trend of one patient | points per answer | minutes per point | p50 (ms) | p99 (ms) | max (ms) |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var t in scale.Trends)
            {
                md.AppendLine(i, $"| {t.Range} | {t.PointsPerAnswer:N0} | {(t.MinutesPerPoint == 0 ? "every reading" : t.MinutesPerPoint.ToString(i))} | {t.P50Ms:0.0} | {t.P99Ms:0.0} | {t.MaxMs:0.0} |");
            }

            if (scale.Drop is { } drop)
            {
                if (drop.Partitions.Count == 0)
                {
                    md.AppendLine("\nRetention dropped nothing, so no drop was timed: the loaded day's partition was already gone (the silo's own retention had dropped it).");
                }
                else
                {
                    md.AppendLine(i, $"\nRetention dropped {string.Join(", ", drop.Partitions.Select(p => $"`{p}`"))} ({drop.Readings:N0} readings, {drop.Bytes / 1048576.0:N0} MiB) in **{drop.Seconds * 1000:0} ms** (detached, then dropped, by the schema owner's function), while {drop.During.Devices:N0} devices streamed over {drop.During.Transport}: {drop.During.Accepted:N0} batches accepted in the {drop.During.Measured.TotalSeconds:0} s around it, {drop.During.Refused} refused, {drop.During.Failed} failed.");
                }
            }
        }

        foreach (var size in NotSetUp)
        {
            md.AppendLine(i, $"\nNot set up: {size} (the api still refused after waiting out every Retry-After, 30 times).");
        }

        if (_rows.Any(r => r.LostReadings < 0))
        {
            md.AppendLine("\nA negative number of readings lost means more were stored than the generator counted as accepted: it gave up waiting on requests that the system still took. The check is exact only where nothing failed.");
        }

        return md.ToString();
    }

    private static string Describe(WardRow r) => string.Create(CultureInfo.InvariantCulture,
        $"  {r.Devices} devices over {r.Transport}: {r.Achieved:0}/{r.Offered:0} readings/s, refused {r.Refused}, failed {r.Failed}, readings lost {r.LostReadings}, alarm p99 {r.P99:0} ms (max {r.Max:0}), lost {r.LostAlarms}, CPU silo {r.CpuSilo:0.00} ({r.SiloMicrosecondsPerBatch:0} µs a batch) api {r.CpuApi:0.00} generator {r.CpuGenerator:0.00} PostgreSQL {r.CpuPostgres:0.00} rest {r.CpuOther:0.00}, {r.KiBPerPatient:0.0} KiB/patient, {r.RowsPerSecond:0} readings stored/s, PostgreSQL {r.PostgresMicrosecondsPerReading:0.0} µs per reading");

    internal static string Machine() => $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
}

/// <summary>One line of the scaling table.</summary>
public sealed record WardRow(
    string Transport, int Devices, double Offered, double Achieved, long Refused, long Failed, long LostReadings,
    double P50, double P95, double P99, double Max, int LostAlarms,
    double CpuSilo, double CpuApi, double CpuGenerator, double CpuPostgres, double CpuOther, double RssSilo, double RssApi, double KiBPerPatient, double RowsPerSecond)
{
    /// <summary>The silo's CPU time per batch taken in the window (a batch: one device's readings of one second).</summary>
    public double SiloMicrosecondsPerBatch => Achieved > 0 && Offered > 0 ? CpuSilo * 1e6 / (Achieved / (Offered / Devices)) : double.NaN;

    /// <summary>PostgreSQL's CPU time per reading stored in the window.</summary>
    public double PostgresMicrosecondsPerReading => RowsPerSecond > 0 ? CpuPostgres * 1e6 / RowsPerSecond : double.NaN;

    /// <summary>PostgreSQL's CPU in the window by connection and server process.</summary>
    public IReadOnlyList<PostgresProcessCpu> PostgresProcesses { get; init; } = [];

    /// <summary>The statements PostgreSQL spent the most time on in the window (none without pg_stat_statements).</summary>
    public IReadOnlyList<StatementTime> Statements { get; init; } = [];
}
