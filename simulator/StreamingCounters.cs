using System.Collections.Concurrent;

namespace Monitoring.Simulator;

/// <summary>
/// Thread-safe batch counters shared by every bedside device in the ward, and the devices' queues, from which
/// the batches waiting now are counted.
/// </summary>
public sealed class StreamingCounters
{
    private readonly ConcurrentDictionary<string, long> _refusedBy = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lostBy = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<StoreAndForwardQueue> _queues = [];
    private long _measured;
    private long _accepted;
    private long _duplicates;
    private long _refused;
    private long _lost;
    private long _resent;

    /// <summary>Counts this queue's batches in <see cref="CounterSnapshot.Waiting"/>.</summary>
    public void Track(StoreAndForwardQueue queue) => _queues.Add(queue);

    public void RecordMeasured() => Interlocked.Increment(ref _measured);

    public void RecordResent() => Interlocked.Increment(ref _resent);

    public void RecordAcknowledged(DeliveryResult result) =>
        Interlocked.Increment(ref result == DeliveryResult.Duplicate ? ref _duplicates : ref _accepted);

    public void RecordRefused(string reason)
    {
        _refusedBy.AddOrUpdate(reason, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _refused);
    }

    public void RecordLost(string reason, int batches)
    {
        _lostBy.AddOrUpdate(reason, batches, (_, n) => n + batches);
        Interlocked.Add(ref _lost, batches);
    }

    public CounterSnapshot Snapshot()
    {
        var (waiting, largest) = (0L, 0L);
        foreach (var queue in _queues)
        {
            var held = queue.Waiting;
            (waiting, largest) = (waiting + held, Math.Max(largest, held));
        }

        return new CounterSnapshot(
            Interlocked.Read(ref _measured),
            Interlocked.Read(ref _accepted),
            Interlocked.Read(ref _duplicates),
            Interlocked.Read(ref _refused),
            Interlocked.Read(ref _lost),
            waiting,
            largest,
            Interlocked.Read(ref _resent),
            new SortedDictionary<string, long>(_refusedBy, StringComparer.Ordinal),
            new SortedDictionary<string, long>(_lostBy, StringComparer.Ordinal));
    }
}
