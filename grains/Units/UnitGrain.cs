using System.Collections.Immutable;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.Storage;

namespace Monitoring.Units;

/// <summary>A care unit: the census of its beds and its alarm policy.</summary>
internal sealed class UnitGrain(
    [PersistentState(StorageNames.UnitState, StorageNames.Provider)] IPersistentState<UnitState> unit) : Grain, IUnitGrain
{
    private Dictionary<string, string> PatientByBed => unit.State.PatientByBed;

    public async Task<UnitAlarmPolicy?> AssignBedAsync(string bed, string patientId)
    {
        if (PatientByBed.TryGetValue(bed, out var occupant))
        {
            return occupant == patientId ? unit.State.Policy : null;
        }

        PatientByBed[bed] = patientId;
        await unit.WriteStateAsync();
        return unit.State.Policy;
    }

    public async Task ReleaseBedAsync(string bed, string patientId)
    {
        if (PatientByBed.TryGetValue(bed, out var occupant) && occupant == patientId)
        {
            PatientByBed.Remove(bed);
            await unit.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<BedOccupancy>> GetCensusAsync() =>
        Task.FromResult<ImmutableArray<BedOccupancy>>([.. PatientByBed.Select(kv => new BedOccupancy(kv.Key, kv.Value))]);

    public Task<UnitAlarmPolicy> GetPolicyAsync() => Task.FromResult(unit.State.Policy);

    public async Task<UnitAlarmPolicy> ChangePolicyAsync(UnitPolicyChange change)
    {
        var state = unit.State;
        state.RuleOverrides = change.RuleOverrides is { } overrides ? [.. overrides] : state.RuleOverrides;
        state.EscalationWindow = change.EscalationWindow ?? state.EscalationWindow;
        state.EscalateMedium = change.EscalateMedium ?? state.EscalateMedium;
        state.ReAlarmAfter = change.ReAlarmAfter ?? state.ReAlarmAfter;
        state.News2ConditionDelay = change.News2ConditionDelay ?? state.News2ConditionDelay;
        await unit.WriteStateAsync();

        // One-way: the unit never waits on its patients (who call it when admitted).
        var policy = state.Policy;
        foreach (var patientId in PatientByBed.Values)
        {
            _ = GrainFactory.GetPatient(patientId).UnitPolicyChangedAsync(policy);
        }

        return policy;
    }
}
