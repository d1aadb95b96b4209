namespace Monitoring.Census;

/// <summary>A request to admit a patient to a bed of a care unit (or move them there).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.admission")]
public sealed record Admission(
    [property: Id(0)] string UnitId,
    [property: Id(1)] string Bed);
