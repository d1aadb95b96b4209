using System.Collections.Immutable;
using Monitoring.Alarms;

namespace Monitoring.Patients;

/// <summary>
/// The rules a patient is watched by: its own limits, its NEWS2 SpO2 scale and its unit's policy. A change
/// is saved first (undone in memory if the database refuses it), then put in force at once.
/// </summary>
internal sealed partial class PatientGrain
{
    public async Task<bool> SetLimitsAsync(ImmutableArray<AlarmRuleOverride> overrides)
    {
        if (!State.IsAdmitted)
        {
            return false;
        }

        var previous = State.LimitOverrides;
        Monitor.SetLimits(overrides);
        await SaveOrUndoAsync(() => Monitor.SetLimits(previous));
        await ApplyRulesAsync();
        return true;
    }

    public Task<ImmutableArray<AlarmRule>> GetLimitsAsync() => Task.FromResult(State.IsAdmitted ? Monitor.Rules : []);

    public Task<PatientAlarmSettings> GetAlarmSettingsAsync() =>
        Task.FromResult(new PatientAlarmSettings([.. State.LimitOverrides], State.SpO2Scale));

    public async Task<bool> SetSpO2ScaleAsync(int scale)
    {
        if (!State.IsAdmitted)
        {
            return false;
        }

        var previous = State.SpO2Scale;
        Monitor.SetSpO2Scale(scale);
        await SaveOrUndoAsync(() => Monitor.SetSpO2Scale(previous));
        await ApplyRulesAsync();
        return true;
    }

    public Task UnitPolicyChangedAsync(UnitAlarmPolicy policy) => TakeUnitPolicyAsync(policy, version: 0);

    public async Task TakeUnitPolicyAsync(UnitAlarmPolicy policy, long version)
    {
        if (State.IsAdmitted && (version == 0 || version > State.UnitPolicyVersion))
        {
            var (previous, previousVersion) = (State.UnitPolicy, State.UnitPolicyVersion);
            Monitor.SetPolicy(policy);
            State.UnitPolicyVersion = Math.Max(version, previousVersion);
            await SaveOrUndoAsync(() =>
            {
                Monitor.SetPolicy(previous ?? UnitAlarmPolicy.Default);
                State.UnitPolicyVersion = previousVersion;
            });
            await ApplyRulesAsync();
        }

        // Taken (or nothing to take: discharged, or a newer one already in force): the unit stops resending.
        if (version > 0 && State.UnitId is { } unitId)
        {
            _ = GrainFactory.GetUnit(unitId).ConfirmPolicyAsync(PatientId, version);
        }
    }

    /// <summary>Saves a change of rules; if the database refuses it, the change is undone in memory too (nothing half-applied).</summary>
    private async Task SaveOrUndoAsync(Action undo)
    {
        try
        {
            await SaveAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }

    /// <summary>Rules changed: alarms of removed limits end and the current values are checked again, at once.</summary>
    private async Task ApplyRulesAsync()
    {
        Monitor.ApplyRules();
        await AfterChangeAsync(pushVitals: true);
    }
}
