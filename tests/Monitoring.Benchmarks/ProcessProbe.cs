using System.Globalization;

namespace Monitoring.Benchmarks;

/// <summary>CPU time and memory of another process on this machine, from /proc.</summary>
public sealed record ProcessProbe(int Pid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>User plus system CPU seconds used so far.</summary>
    public double CpuSeconds()
    {
        var fields = File.ReadAllText($"/proc/{Pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>
    /// User plus system CPU seconds used so far by every running process of that name (PostgreSQL
    /// runs one per connection; the pool keeps them for the whole run).
    /// </summary>
    public static double CpuSecondsOfAll(string name)
    {
        var total = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                if (stat.Contains($"({name})", StringComparison.Ordinal))
                {
                    total += new ProcessProbe(pid).CpuSeconds();
                }
            }
            catch (IOException)
            {
                // It ended while we looked.
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
