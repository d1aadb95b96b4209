namespace Monitoring.History;

/// <summary>
/// The vitals history, written in batches. Bounded: when its queue is full, nothing is taken and the
/// caller refuses the readings (the device resends), so nothing accepted is lost.
/// </summary>
public interface IVitalsHistory
{
    /// <summary>
    /// Queues every record, or none when there is no room for all of them (then <c>null</c>).
    /// </summary>
    /// <returns>
    /// A task that completes once the records are committed to PostgreSQL; while PostgreSQL is out,
    /// once they are held in the bounded buffer, to be written when it returns.
    /// </returns>
    Task? TryAppend(IReadOnlyList<VitalRecord> records);

    /// <summary>
    /// Holds room for this many readings, or <c>null</c> when there is none: for readings that are stored
    /// only once someone else has taken them (a device's batch, once its patient has).
    /// </summary>
    HistoryRoom? TryReserve(int readings);
}

/// <summary>
/// Room held in the vitals history's bounded queue (<see cref="IVitalsHistory.TryReserve"/>): spent by
/// <see cref="Append"/>, given back by <see cref="Dispose"/> when it was not.
/// </summary>
public sealed class HistoryRoom(int readings, Func<IReadOnlyList<VitalRecord>, int, bool, Task?> append, Action<int> release) : IDisposable
{
    private bool _spent;

    /// <summary>
    /// Queues the records in the room held (at most as many as it holds; what is left is given back).
    /// <paramref name="soon"/>: their sender waits for the answer before sending others' readings (see
    /// <c>ReadingBatch.HoldsBackOthers</c>), so their batch is written within a few tens of milliseconds
    /// rather than after the whole flush interval.
    /// </summary>
    /// <returns>
    /// As <see cref="IVitalsHistory.TryAppend"/>; <c>null</c> only when the history has stopped taking
    /// readings meanwhile (its silo is shutting down).
    /// </returns>
    public Task? Append(IReadOnlyList<VitalRecord> records, bool soon = false)
    {
        ArgumentNullException.ThrowIfNull(records);
        ObjectDisposedException.ThrowIf(_spent, this);
        if (records.Count > readings)
        {
            throw new ArgumentException($"Room was held for {readings} readings, not {records.Count}.", nameof(records));
        }

        _spent = true;
        return append(records, readings, soon);
    }

    public void Dispose()
    {
        if (!_spent)
        {
            _spent = true;
            release(readings);
        }
    }
}
