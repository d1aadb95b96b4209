namespace Monitoring.Silo.AlarmManager;

/// <summary>A queued row: its number, the alarm history row it reports, and how often it was tried.</summary>
internal sealed record QueuedAlert(long MessageId, AlarmHistoryRecord Row, int Attempts);
