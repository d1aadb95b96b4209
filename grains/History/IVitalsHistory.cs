namespace Monitoring.History;

/// <summary>
/// The write-behind queue in front of the vitals history. Bounded: when it is full, nothing is
/// taken and the caller refuses the readings (the device resends), so nothing accepted is lost.
/// </summary>
public interface IVitalsHistory
{
    /// <summary>Queues every record, or none when there is no room for all of them.</summary>
    bool TryAppend(IReadOnlyList<VitalRecord> records);
}
