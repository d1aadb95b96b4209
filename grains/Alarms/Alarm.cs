using Monitoring.Vitals;

namespace Monitoring.Alarms;

/// <summary>One alarm of a patient, as kept in the patient's snapshot.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarm")]
public sealed record Alarm(
    [property: Id(0)] string AlarmId,
    [property: Id(1)] AlarmKind Kind,
    [property: Id(2)] string Code,
    [property: Id(3)] VitalSign? Sign,
    [property: Id(4)] AlarmPriority Priority,
    [property: Id(5)] AlarmState State,
    [property: Id(6)] double? Value,
    [property: Id(7)] DateTimeOffset RaisedAt,
    [property: Id(8)] string? AcknowledgedBy = null,
    [property: Id(9)] DateTimeOffset? AcknowledgedAt = null,
    [property: Id(10)] bool Escalated = false)
{
    public bool IsOpen => State != AlarmState.Resolved;

    public AlarmView ToView(string patientId, string unitId, string bed) =>
        new(AlarmId, patientId, unitId, bed, Kind, Code, Priority, State, Value, RaisedAt,
            AcknowledgedBy, AcknowledgedAt, Escalated);
}
