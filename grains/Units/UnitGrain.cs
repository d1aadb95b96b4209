using System.Collections.Immutable;
using Monitoring.Census;
using Monitoring.Storage;

namespace Monitoring.Units;

/// <summary>A care unit: the census of its beds.</summary>
internal sealed class UnitGrain(
    [PersistentState(StorageNames.UnitState, StorageNames.Provider)] IPersistentState<UnitState> census) : Grain, IUnitGrain
{
    private Dictionary<string, string> PatientByBed => census.State.PatientByBed;

    public async Task<bool> AssignBedAsync(string bed, string patientId)
    {
        if (PatientByBed.TryGetValue(bed, out var occupant))
        {
            return occupant == patientId;
        }

        PatientByBed[bed] = patientId;
        await census.WriteStateAsync();
        return true;
    }

    public async Task ReleaseBedAsync(string bed, string patientId)
    {
        if (PatientByBed.TryGetValue(bed, out var occupant) && occupant == patientId)
        {
            PatientByBed.Remove(bed);
            await census.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<BedOccupancy>> GetCensusAsync() =>
        Task.FromResult<ImmutableArray<BedOccupancy>>([.. PatientByBed.Select(kv => new BedOccupancy(kv.Key, kv.Value))]);
}
