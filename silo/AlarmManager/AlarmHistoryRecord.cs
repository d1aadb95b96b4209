using Monitoring.Alarms;

namespace Monitoring.Silo.AlarmManager;

/// <summary>An alarm_history row as stored (the words of <see cref="AlarmWords"/>).</summary>
internal sealed record AlarmHistoryRecord(
    string AlarmId, string PatientId, string UnitId, string Bed, string Kind, string Code, string? Vital, string? DeviceId, string Priority,
    string? FromState, string ToState, string Reason, double? Value, DateTimeOffset RaisedAt, string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt, int EscalationLevel, DateTimeOffset OccurredAt, string TransitionKey);
