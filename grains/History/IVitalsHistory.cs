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
}
