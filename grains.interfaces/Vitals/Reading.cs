namespace Monitoring.Vitals;

/// <summary>One measured value of one vital sign, in the sign's catalog unit.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.reading")]
public sealed record Reading(
    [property: Id(0)] VitalSign Sign,
    [property: Id(1)] double Value,
    [property: Id(2)] DateTimeOffset At);
