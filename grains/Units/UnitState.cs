namespace Monitoring.Units;

/// <summary>A unit's census: which patient lies in which bed.</summary>
[GenerateSerializer, Alias("monitoring.unit-state")]
public sealed class UnitState
{
    [Id(0)]
    public Dictionary<string, string> PatientByBed { get; set; } = new(StringComparer.Ordinal);
}
