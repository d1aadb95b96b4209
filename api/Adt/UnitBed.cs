namespace Monitoring.Api.Adt;

/// <summary>One of our beds: a unit and a bed in it, what a feed's location maps to.</summary>
public sealed record UnitBed(string UnitId, string Bed)
{
    public override string ToString() => $"unit/{UnitId} bed {Bed}";
}
