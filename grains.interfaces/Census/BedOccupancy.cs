namespace Monitoring.Census;

/// <summary>One occupied bed of a unit's census.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.bed-occupancy")]
public sealed record BedOccupancy(
    [property: Id(0)] string Bed,
    [property: Id(1)] string PatientId);
