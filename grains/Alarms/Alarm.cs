namespace Monitoring.Alarms;

/// <summary>One open alarm of a patient, as kept in the patient's snapshot.</summary>
/// <param name="ActiveSince">When it last became active (raised or re-alarmed); escalation counts from here.</param>
/// <param name="ConditionPresent">Whether the condition still holds; a latched high alarm stays open without it.</param>
/// <param name="Transitions">How many transitions it has had; numbers its rows in the alarm history.</param>
/// <param name="Dissemination">What the alarm manager last reported of it (PCD-05); cleared when it alarms again.</param>
/// <param name="Ladder">The ladder of tiers it belongs to (see <see cref="ConditionObservation.Ladder"/>), and its <paramref name="Rank"/> there.</param>
[GenerateSerializer, Immutable, Alias("monitoring.alarm")]
public sealed record Alarm(
    [property: Id(0)] string AlarmId,
    [property: Id(1)] string ConditionKey,
    [property: Id(2)] AlarmKind Kind,
    [property: Id(3)] string Code,
    [property: Id(4)] AlarmPriority Priority,
    [property: Id(5)] AlarmState State,
    [property: Id(6)] double? Value,
    [property: Id(7)] DateTimeOffset RaisedAt,
    [property: Id(8)] DateTimeOffset ActiveSince,
    [property: Id(9)] bool ConditionPresent,
    [property: Id(10)] string? AcknowledgedBy = null,
    [property: Id(11)] DateTimeOffset? AcknowledgedAt = null,
    [property: Id(12)] int EscalationLevel = 0,
    [property: Id(13)] string? Vital = null,
    [property: Id(14)] string? DeviceId = null,
    [property: Id(15)] int Transitions = 1,
    [property: Id(16)] string? Ladder = null,
    [property: Id(17)] int Rank = 0,
    [property: Id(18)] string? Detail = null,
    [property: Id(19)] AlarmDissemination? Dissemination = null)
{
    public AlarmView ToView(string patientId, string unitId, string bed) =>
        new(AlarmId, patientId, unitId, bed, Kind, Code, Priority, State, Value, RaisedAt,
            AcknowledgedBy, AcknowledgedAt, EscalationLevel > 0, EscalationLevel, Vital, DeviceId, Detail, Dissemination);
}
