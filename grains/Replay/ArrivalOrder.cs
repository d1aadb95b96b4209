namespace Monitoring.Replay;

/// <summary>
/// Puts one patient's stored batches, read in the order of their key (when measured), in the order they arrived. A batch
/// arrives no earlier than <see cref="Vitals.ReadingClock.FutureTolerance"/> before it was measured (the clock rule refuses
/// the rest), so once the rows read reach a measurement, every batch that arrived more than that before it has been
/// read and may go.
/// </summary>
public sealed class ArrivalOrder
{
    private readonly PriorityQueue<StoredBatch, (DateTimeOffset ReceivedAt, long Order)> _waiting = new();
    private long _order;

    /// <summary>Takes a batch read, measured at <paramref name="measuredFrom"/>; returns those that may now go, in arrival order.</summary>
    public void Add(StoredBatch batch, DateTimeOffset measuredFrom, List<StoredBatch> ready)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(ready);
        Drain(measuredFrom - Vitals.ReadingClock.FutureTolerance, ready);
        _waiting.Enqueue(batch, (batch.ReceivedAt, _order++));
    }

    /// <summary>Every batch that arrived before <paramref name="before"/> (all when null), in arrival order.</summary>
    public void Drain(DateTimeOffset? before, List<StoredBatch> ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        while (_waiting.TryPeek(out var first, out _) && (before is null || first.ReceivedAt < before))
        {
            ready.Add(_waiting.Dequeue());
        }
    }
}
