namespace Monitoring.Alarms;

/// <summary>One row of the append-only alarm history: an alarm as it was after one transition.</summary>
/// <param name="Key">Unique per alarm and transition (<c>{alarmId}#{n}</c>), so that writing it twice stores it once.</param>
/// <param name="TraceId">The trace of the reading or request that caused it, when there was one.</param>
[GenerateSerializer, Immutable, Alias("monitoring.alarm-history-entry")]
public sealed record AlarmHistoryEntry(
    [property: Id(0)] string Key,
    [property: Id(1)] AlarmView Alarm,
    [property: Id(2)] AlarmState? From,
    [property: Id(3)] string Reason,
    [property: Id(4)] string? Actor,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string? TraceId);
