using Microsoft.Extensions.Logging;
using Monitoring.Alarms;
using Monitoring.Storage;
using Monitoring.Telemetry;

namespace Monitoring.Patients;

/// <summary>
/// The alarm history rows of one patient on their way to PostgreSQL. They wait in the snapshot (so a
/// lost silo loses none) until written: once in the turn that made them, then by the alarm clock's timer
/// while any remain, never by every reading. Not thread-safe: one per activation, used from its turns.
/// </summary>
internal sealed partial class AlarmHistoryOutbox(Func<List<AlarmHistoryEntry>> rows, IAlarmHistory history, BoundedWrite writes, ILogger logger)
{
    /// <summary>Rows still to be written.</summary>
    public int Count => rows().Count;

    public void Add(IEnumerable<AlarmHistoryEntry> entries) => rows().AddRange(entries);

    /// <summary>
    /// Writes what waits, unless the database is out or stalls (then it is tried again later). <c>true</c>
    /// when rows were written and left the outbox, so that the snapshot must be saved again.
    /// </summary>
    public async Task<bool> TryFlushAsync()
    {
        var waiting = rows();
        if (waiting.Count == 0)
        {
            return false;
        }

        AlarmHistoryEntry[] entries = [.. waiting];
        try
        {
            if (await writes.TryAsync(() => history.AppendAsync(entries)))
            {
                waiting.RemoveRange(0, entries.Length);
                return true;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not an outage, but the alarm itself has gone out: kept for a later attempt all the same.
            MonitoringTelemetry.DatabaseFailures.Add(1, new KeyValuePair<string, object?>("write", "alarm_history"));
            LogDeferred(exception, waiting.Count);
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm history not written yet ({Count} rows kept for a later attempt)")]
    private partial void LogDeferred(Exception exception, int count);
}
