namespace Monitoring.Alarms;

/// <summary>A breach that has not yet held for its condition delay.</summary>
/// <param name="BreachObservedAt">When the first breaching value was measured (the device's clock).</param>
/// <param name="PendingSince">When we first saw it (our clock); if no value contradicts it for the delay, it holds.</param>
[GenerateSerializer, Immutable, Alias("monitoring.pending-condition")]
public sealed record PendingCondition(
    [property: Id(0)] string ConditionKey,
    [property: Id(1)] string Code,
    [property: Id(2)] AlarmKind Kind,
    [property: Id(3)] AlarmPriority Priority,
    [property: Id(4)] double? Value,
    [property: Id(5)] DateTimeOffset BreachObservedAt,
    [property: Id(6)] DateTimeOffset PendingSince,
    [property: Id(7)] TimeSpan ConditionDelay,
    [property: Id(8)] string? Vital,
    [property: Id(9)] string? DeviceId,
    [property: Id(10)] string? Ladder = null,
    [property: Id(11)] int Rank = 0,
    [property: Id(12)] string? Detail = null)
{
    public static PendingCondition Of(ConditionObservation observation, DateTimeOffset now) =>
        new(observation.ConditionKey, observation.Code, observation.Kind, observation.Priority, observation.Value, observation.ObservedAt,
            now, observation.ConditionDelay, observation.Vital, observation.DeviceId, observation.Ladder, observation.Rank, observation.Detail);
}
