using System.Collections.Immutable;
using Monitoring.Census;

namespace Monitoring;

/// <summary>A care unit (e.g. <c>icu-3w</c>): its census of beds.</summary>
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Puts the patient in the bed; false when another patient is in it.</summary>
    Task<bool> AssignBedAsync(string bed, string patientId);

    Task ReleaseBedAsync(string bed, string patientId);

    [AlwaysInterleave]
    Task<ImmutableArray<BedOccupancy>> GetCensusAsync();
}
