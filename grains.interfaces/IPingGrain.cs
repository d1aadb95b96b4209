namespace Monitoring;

/// <summary>
/// Answers at once, on whichever silo the caller reaches: proves the cluster takes calls (readiness)
/// and measures the bare cost of a grain call (the benchmark's baseline).
/// </summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    Task PingAsync();

    /// <summary>
    /// The managed heap of the silo that answers, in bytes, right after a full blocking collection:
    /// how the benchmark measures memory per patient (on a one-silo cluster).
    /// </summary>
    Task<long> CollectAndMeasureHeapAsync();
}
