using System.Globalization;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// Reads the memory and CPU of every process of the soak from /proc: the silos and api hosts named by
/// deploy/cluster.sh's pid files, PostgreSQL (its postmaster and every process under it; memory as
/// PSS, so that shared buffers count once) and this driver.
/// </summary>
public sealed class ProcessSampler
{
    private const string Postgres = "postgresql";
    public const string Driver = "driver";
    private readonly SortedDictionary<string, int> _pids = new(StringComparer.Ordinal);
    private readonly string _postmasterPidFile;

    /// <param name="pidDirectory">deploy/cluster.sh's state folder, with <c>silo-N.pid</c> and <c>api-N.pid</c>.</param>
    /// <param name="postgresData">The PostgreSQL data folder, with <c>postmaster.pid</c>.</param>
    public ProcessSampler(string pidDirectory, string postgresData)
    {
        foreach (var file in Directory.EnumerateFiles(pidDirectory, "*.pid"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.StartsWith("silo-", StringComparison.Ordinal) || name.StartsWith("api-", StringComparison.Ordinal))
            {
                _pids[name] = int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);
            }
        }

        _postmasterPidFile = Path.Combine(postgresData, "postmaster.pid");
    }

    /// <summary>The processes in the order the report lists them: silos, api hosts, PostgreSQL, the driver.</summary>
    public IReadOnlyList<string> Names =>
        [.. _pids.Keys.Where(n => n.StartsWith("silo-", StringComparison.Ordinal)), .. _pids.Keys.Where(n => n.StartsWith("api-", StringComparison.Ordinal)), Postgres, Driver];

    public IReadOnlyDictionary<string, int> Pids => _pids;

    public ProcessSample Take(int second, Monitoring.Simulator.CounterSnapshot queues)
    {
        ArgumentNullException.ThrowIfNull(queues);
        var memory = new Dictionary<string, double?>(StringComparer.Ordinal);
        var cpu = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (name, pid) in _pids)
        {
            (memory[name], cpu[name]) = (Status(pid, "VmRSS:"), CpuSeconds(pid, withChildren: false));
        }

        (memory[Postgres], cpu[Postgres]) = PostgresNow();
        (memory[Driver], cpu[Driver]) = (Status(Environment.ProcessId, "VmRSS:"), CpuSeconds(Environment.ProcessId, withChildren: false));
        return new ProcessSample(second, memory, cpu, ProcessProbe.MachineCpuSeconds(), queues.Waiting, queues.LargestBacklog, queues.Lost + queues.Refused);
    }

    private (double? MiB, double? Cpu) PostgresNow()
    {
        if (!TryRead(_postmasterPidFile, out var text) || !int.TryParse(text.Split('\n')[0].Trim(), CultureInfo.InvariantCulture, out var postmaster)
            || CpuSeconds(postmaster, withChildren: true) is not { } cpu)
        {
            return (null, null); // stopped (a database outage)
        }

        var pss = Pss(postmaster) ?? 0;
        foreach (var child in ChildrenOf(postmaster))
        {
            pss += Pss(child) ?? 0;
            cpu += CpuSeconds(child, withChildren: false) ?? 0;
        }

        return (pss, cpu);
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } fields && fields[1] == parent.ToString(CultureInfo.InvariantCulture))
            {
                yield return pid;
            }
        }
    }

    /// <summary>The fields of /proc/pid/stat after the command name: state first, so the parent is [1], utime [11].</summary>
    private static string[]? Stat(int pid) =>
        TryRead($"/proc/{pid}/stat", out var stat) ? stat[(stat.LastIndexOf(')') + 2)..].Split(' ') : null;

    /// <summary>User and system CPU seconds; with its children, also those of children it has waited for (ended backends).</summary>
    private static double? CpuSeconds(int pid, bool withChildren)
    {
        if (Stat(pid) is not { } f)
        {
            return null;
        }

        var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)
            + (withChildren ? long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture) : 0);
        return ticks / 100.0; // USER_HZ
    }

    private static double? Status(int pid, string key) => Kilobytes($"/proc/{pid}/status", key);

    private static double? Pss(int pid) => Kilobytes($"/proc/{pid}/smaps_rollup", "Pss:");

    private static double? Kilobytes(string file, string key)
    {
        if (!TryRead(file, out var text))
        {
            return null;
        }

        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static bool TryRead(string file, out string text)
    {
        try
        {
            text = File.ReadAllText(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended (or never was) while we looked.
            text = "";
            return false;
        }
    }
}
