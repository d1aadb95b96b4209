using Npgsql;

namespace Monitoring.Benchmarks;

/// <summary>CPU of the silo and the api, and rows written to the vitals history, across the measured window.</summary>
public sealed class MeasureWindow(BenchmarkOptions options, IReadOnlyDictionary<string, ProcessProbe> processes)
{
    private readonly Dictionary<string, double> _cpuAtStart = [];
    private double _machineAtStart;
    private double _postgresAtStart;
    private long _rowsAtStart;
    private DateTimeOffset _startedAt;

    public Dictionary<string, double> CpuCores { get; } = [];

    public Dictionary<string, double> PeakMemoryMiB { get; } = [];

    public double RowsPerSecond { get; private set; }

    public async Task StartAsync()
    {
        foreach (var (name, probe) in processes)
        {
            _cpuAtStart[name] = probe.CpuSeconds();
        }

        _machineAtStart = ProcessProbe.MachineCpuSeconds();
        _postgresAtStart = ProcessProbe.CpuSecondsOfAll("postgres");
        _rowsAtStart = await RowsAsync();
        _startedAt = DateTimeOffset.UtcNow;
    }

    public async Task EndAsync()
    {
        var seconds = (DateTimeOffset.UtcNow - _startedAt).TotalSeconds;
        foreach (var (name, probe) in processes)
        {
            CpuCores[name] = (probe.CpuSeconds() - _cpuAtStart[name]) / seconds;
            PeakMemoryMiB[name] = probe.MemoryMiB().Peak;
        }

        // The rest of the machine: the kernel's work not charged to a process (loopback networking
        // in soft interrupts, for one) and anything else running on it.
        CpuCores["machine"] = (ProcessProbe.MachineCpuSeconds() - _machineAtStart) / seconds;
        CpuCores["postgres"] = (ProcessProbe.CpuSecondsOfAll("postgres") - _postgresAtStart) / seconds;
        // Each process's time is counted in whole 10 ms ticks and PostgreSQL's is a sum over many backends
        // (one that ended in the window takes its time with it), so the difference can dip below zero by
        // that rounding; nothing can use less than no CPU.
        CpuCores["other"] = Math.Max(0, CpuCores["machine"] - CpuCores["postgres"] - processes.Keys.Sum(name => CpuCores[name]));

        // The write-behind queue may still hold the last fraction of a second; that is counted in the next window.
        RowsPerSecond = (await RowsAsync() - _rowsAtStart) / seconds;
    }

    private async Task<long> RowsAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(options.Database);
        await using var command = dataSource.CreateCommand("select count(*) from vitals_history");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
