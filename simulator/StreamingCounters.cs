namespace Monitoring.Simulator;

/// <summary>Thread-safe batch counters shared by every bedside device in the ward.</summary>
public sealed class StreamingCounters
{
    private long _sent;
    private long _accepted;
    private long _duplicates;
    private long _failed;

    public void RecordSent() => Interlocked.Increment(ref _sent);

    public void Record(DeliveryResult result)
    {
        _ = result switch
        {
            DeliveryResult.Accepted => Interlocked.Increment(ref _accepted),
            DeliveryResult.Duplicate => Interlocked.Increment(ref _duplicates),
            _ => Interlocked.Increment(ref _failed),
        };
    }

    public CounterSnapshot Snapshot() => new(
        Interlocked.Read(ref _sent),
        Interlocked.Read(ref _accepted),
        Interlocked.Read(ref _duplicates),
        Interlocked.Read(ref _failed));
}
