using Npgsql;

namespace Monitoring.Benchmarks;

/// <summary>CPU of the silo and the api, and rows written to the vitals history, across the measured window.</summary>
public sealed class MeasureWindow(BenchmarkOptions options, IReadOnlyDictionary<string, ProcessProbe> processes)
{
    private readonly Dictionary<string, double> _cpuAtStart = [];
    private double _machineAtStart;
    private ProcessProbe? _postgres;
    private long _rowsAtStart;
    private DateTimeOffset _startedAt;
    private StatementTimes? _statements;
    private PostgresProcesses? _processes;

    public Dictionary<string, double> CpuCores { get; } = [];

    public Dictionary<string, double> PeakMemoryMiB { get; } = [];

    public double RowsPerSecond { get; private set; }

    /// <summary>PostgreSQL's CPU in the window by connection (application_name) and server process.</summary>
    public IReadOnlyList<PostgresProcessCpu> PostgresProcesses { get; private set; } = [];

    /// <summary>The statements PostgreSQL spent the most time on in the window.</summary>
    public IReadOnlyList<StatementTime> Statements { get; private set; } = [];

    public async Task StartAsync()
    {
        foreach (var (name, probe) in processes)
        {
            _cpuAtStart[name] = probe.CpuSeconds();
        }

        // Counted before PostgreSQL's CPU is read: the count scans the history, which is not the work measured.
        _rowsAtStart = await RowsAsync();
        _machineAtStart = ProcessProbe.MachineCpuSeconds();
        _postgres ??= await PostmasterAsync();
        _processes = new PostgresProcesses(options.Database, _postgres);
        await _processes.StartAsync();
        _statements = new StatementTimes(options.Database);
        await _statements.StartAsync();
        _startedAt = DateTimeOffset.UtcNow;
    }

    public async Task EndAsync()
    {
        var seconds = (DateTimeOffset.UtcNow - _startedAt).TotalSeconds;
        // PostgreSQL's CPU first, before this window's own queries add to it.
        PostgresProcesses = await _processes!.EndAsync(seconds);
        CpuCores["postgres"] = PostgresProcesses.Sum(p => p.Cores);
        Statements = _statements is null ? [] : await _statements.EndAsync(seconds);
        foreach (var (name, probe) in processes)
        {
            CpuCores[name] = (probe.CpuSeconds() - _cpuAtStart[name]) / seconds;
            PeakMemoryMiB[name] = probe.MemoryMiB().Peak;
        }

        // The rest of the machine: the kernel's work not charged to a process (loopback networking
        // in soft interrupts, for one) and anything else running on it.
        CpuCores["machine"] = (ProcessProbe.MachineCpuSeconds() - _machineAtStart) / seconds;
        // Each process's time is counted in whole 10 ms ticks, read a moment apart from the machine's, so the
        // difference can dip below zero by that rounding when the rest of the machine is idle.
        CpuCores["other"] = Math.Max(0, CpuCores["machine"] - CpuCores["postgres"] - processes.Keys.Sum(name => CpuCores[name]));

        // The write-behind queue may still hold the last fraction of a second; that is counted in the next window.
        RowsPerSecond = (await RowsAsync() - _rowsAtStart) / seconds;
    }

    /// <summary>The benchmark's own PostgreSQL server: the parent of the backend that answers us.</summary>
    private async Task<ProcessProbe> PostmasterAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(options.Database);
        await using var command = dataSource.CreateCommand("select pg_backend_pid()");
        var backend = (int)(await command.ExecuteScalarAsync())!;
        return new ProcessProbe(backend).Parent();
    }

    private async Task<long> RowsAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(options.Database);
        await using var command = dataSource.CreateCommand("select coalesce(sum(cardinality(signs)), 0)::bigint from vitals_batches");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
