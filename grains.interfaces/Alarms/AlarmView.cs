namespace Monitoring.Alarms;

/// <summary>
/// An alarm as dashboards and the REST API see it (the shape in API.md), plus the escalation level
/// and, for technical alarms, the vital sign or the device concerned; <see cref="Detail"/> says more where a
/// code needs it (the RCP monitoring frequency of <c>news2-overdue</c>); <see cref="Dissemination"/> is what
/// the alarm manager last reported of it (paged whom, read when).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarm-view")]
public sealed record AlarmView(
    [property: Id(0)] string AlarmId,
    [property: Id(1)] string PatientId,
    [property: Id(2)] string UnitId,
    [property: Id(3)] string Bed,
    [property: Id(4)] AlarmKind Kind,
    [property: Id(5)] string Code,
    [property: Id(6)] AlarmPriority Priority,
    [property: Id(7)] AlarmState State,
    [property: Id(8)] double? Value,
    [property: Id(9)] DateTimeOffset RaisedAt,
    [property: Id(10)] string? AcknowledgedBy,
    [property: Id(11)] DateTimeOffset? AcknowledgedAt,
    [property: Id(12)] bool Escalated,
    [property: Id(13)] int EscalationLevel = 0,
    [property: Id(14)] string? Vital = null,
    [property: Id(15)] string? DeviceId = null,
    [property: Id(16)] string? Detail = null,
    [property: Id(17)] AlarmDissemination? Dissemination = null);
