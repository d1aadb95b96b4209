namespace Monitoring.Alarms;

/// <summary>The append-only alarm history. Appending an entry that is already there changes nothing.</summary>
public interface IAlarmHistory
{
    Task AppendAsync(IReadOnlyList<AlarmHistoryEntry> entries, CancellationToken cancellationToken = default);
}
