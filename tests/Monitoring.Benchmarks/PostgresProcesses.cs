using Npgsql;

namespace Monitoring.Benchmarks;

/// <summary>One kind of PostgreSQL process's CPU in a measured window.</summary>
/// <param name="Name">A connection's <c>application_name</c> (the silo's and the api's name their use), or the kind of server process.</param>
public sealed record PostgresProcessCpu(string Name, double Cores);

/// <summary>
/// PostgreSQL's CPU split by who spent it: each connection by its <c>application_name</c>, each server
/// process (WAL writer, checkpointer, autovacuum, ...) by its type, from /proc and <c>pg_stat_activity</c>
/// on this machine. Processes that ended in the window (an autovacuum worker, a connection closed) are one
/// line: the server's total, which the postmaster holds once it has reaped them, less the others.
/// </summary>
public sealed class PostgresProcesses(string connectionString, ProcessProbe postmaster)
{
    public const string Ended = "ended in the window (autovacuum workers, closed connections)";

    private Dictionary<int, (string Name, double Cpu)> _atStart = [];
    private double _totalAtStart;

    public async Task StartAsync()
    {
        _atStart = await SnapshotAsync();
        _totalAtStart = postmaster.CpuSecondsWithChildren();
    }

    public async Task<IReadOnlyList<PostgresProcessCpu>> EndAsync(double seconds)
    {
        var total = postmaster.CpuSecondsWithChildren() - _totalAtStart;
        var now = await SnapshotAsync();
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (pid, (name, cpu)) in now)
        {
            // A process that started in the window spent all of its time in it.
            var spent = cpu - (_atStart.TryGetValue(pid, out var before) ? before.Cpu : 0);
            byName[name] = byName.GetValueOrDefault(name) + spent;
        }

        byName["postmaster"] = postmaster.CpuSeconds() - _atStart.GetValueOrDefault(postmaster.Pid).Cpu;
        byName[Ended] = Math.Max(0, total - byName.Values.Sum());
        return [.. byName.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value)
            .Select(kv => new PostgresProcessCpu(kv.Key, kv.Value / seconds))];
    }

    private async Task<Dictionary<int, (string Name, double Cpu)>> SnapshotAsync()
    {
        var processes = new Dictionary<int, (string Name, double Cpu)> { [postmaster.Pid] = ("postmaster", postmaster.CpuSeconds()) };
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand(
            """
            select pid, case when backend_type = 'client backend' then coalesce(nullif(application_name, ''), '(unnamed connection)') else backend_type end
            from pg_stat_activity where pid <> pg_backend_pid()
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            try
            {
                processes[reader.GetInt32(0)] = (reader.GetString(1), new ProcessProbe(reader.GetInt32(0)).CpuSeconds());
            }
            catch (IOException)
            {
                // Ended while we looked: its time goes to the ended line.
            }
        }

        return processes;
    }
}
