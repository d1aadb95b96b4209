namespace Monitoring.Vitals;

/// <summary>The latest value of one vital sign, as shown to clinicians.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.vital-value")]
public sealed record VitalValue(
    [property: Id(0)] double Value,
    [property: Id(1)] string Unit,
    [property: Id(2)] DateTimeOffset At);
