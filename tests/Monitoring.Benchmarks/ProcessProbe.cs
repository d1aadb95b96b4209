using System.Globalization;

namespace Monitoring.Benchmarks;

/// <summary>CPU time and memory of another process on this machine, from /proc.</summary>
public sealed record ProcessProbe(int Pid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>User plus system CPU seconds used so far.</summary>
    public double CpuSeconds() => CpuSeconds(includeEndedChildren: false);

    private double CpuSeconds(bool includeEndedChildren)
    {
        var fields = StatFields();
        var ticks = Tick(fields, 11) + Tick(fields, 12) + (includeEndedChildren ? Tick(fields, 13) + Tick(fields, 14) : 0);
        return ticks / TicksPerSecond;
    }

    /// <summary>The process that started this one.</summary>
    public ProcessProbe Parent() => new(ParentPid());

    private int ParentPid() => int.Parse(StatFields()[1], CultureInfo.InvariantCulture);

    // The fields of /proc/<pid>/stat after the command name: state, ppid, …, utime (11), stime, cutime, cstime.
    private string[] StatFields() =>
        File.ReadAllText($"/proc/{Pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static long Tick(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);

    /// <summary>
    /// CPU seconds used so far by this process, its children still running and (counted in its own
    /// record once it has waited for them) those that ended: for PostgreSQL's postmaster, the whole server,
    /// a backend that closed in the window included, and no other server on the machine.
    /// </summary>
    public double CpuSecondsWithChildren()
    {
        var total = CpuSeconds(includeEndedChildren: true);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != Pid)
            {
                try
                {
                    var child = new ProcessProbe(pid);
                    if (child.ParentPid() == Pid)
                    {
                        total += child.CpuSeconds(includeEndedChildren: true);
                    }
                }
                catch (IOException)
                {
                    // It ended while we looked; its time is now in its parent's record.
                }
            }
        }

        return total;
    }

    /// <summary>Busy CPU seconds of the whole machine so far (all cores, from /proc/stat).</summary>
    public static double MachineCpuSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4]; // idle and iowait
        return (fields.Sum() - idle) / TicksPerSecond;
    }

    /// <summary>Resident memory now and at its peak, in MiB.</summary>
    public (double Now, double Peak) MemoryMiB()
    {
        double Read(string key) => File.ReadLines($"/proc/{Pid}/status")
            .Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024)
            .FirstOrDefault();
        return (Read("VmRSS:"), Read("VmHWM:"));
    }
}
