namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// One look at the system, taken every 10 s: resident memory of each process in MiB (null once it is
/// gone), CPU seconds used so far by each and by the whole machine, and the devices' queues.
/// </summary>
public sealed record ProcessSample(
    int Second,
    IReadOnlyDictionary<string, double?> MemoryMiB,
    IReadOnlyDictionary<string, double?> CpuSeconds,
    double MachineCpuSeconds,
    long Waiting,
    long LongestQueue,
    long GaveUp);
