using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.Storage;

namespace Monitoring.Units;

/// <summary>A care unit: the census of its beds and its alarm policy, delivered to every patient until each confirms.</summary>
/// <remarks>
/// Calls between the unit and its patients are one-way both ways (policy out, confirmation back), so neither
/// ever waits on the other; a timer resends to patients that have not confirmed, and a reminder keeps that
/// going if the unit's silo is lost.
/// </remarks>
internal sealed partial class UnitGrain(
    [PersistentState(StorageNames.UnitState, StorageNames.Provider)] IPersistentState<UnitState> unit,
    ILogger<UnitGrain> logger) : Grain, IUnitGrain, IRemindable
{
    private const string DeliveryReminder = "policy-delivery";
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(5);
    private IGrainTimer? _resend;
    private bool _confirmationsUnsaved;

    private UnitState State => unit.State;

    private Dictionary<string, string> PatientByBed => State.PatientByBed;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.PolicyVersion == 0 && PatientByBed.Count > 0)
        {
            // Stored by a release that did not version the policy: send it once more, with this release's defaults.
            await StartDeliveryAsync();
        }
        else if (State.UnconfirmedPatients.Count > 0)
        {
            KeepResending();
        }
    }

    public async Task<UnitAlarmPolicy?> AssignBedAsync(string bed, string patientId)
    {
        if (PatientByBed.TryGetValue(bed, out var occupant))
        {
            return occupant == patientId ? State.Policy : null;
        }

        PatientByBed[bed] = patientId;
        await unit.WriteStateAsync();
        return State.Policy;
    }

    public async Task ReleaseBedAsync(string bed, string patientId)
    {
        if (PatientByBed.TryGetValue(bed, out var occupant) && occupant == patientId)
        {
            PatientByBed.Remove(bed);
            State.UnconfirmedPatients.Remove(patientId);
            await unit.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<BedOccupancy>> GetCensusAsync() =>
        Task.FromResult<ImmutableArray<BedOccupancy>>([.. PatientByBed.Select(kv => new BedOccupancy(kv.Key, kv.Value))]);

    public Task<UnitAlarmPolicy> GetPolicyAsync() => Task.FromResult(State.Policy);

    public async Task<UnitAlarmPolicy> ChangePolicyAsync(UnitPolicyChange change)
    {
        State.RuleOverrides = change.RuleOverrides is { } overrides ? [.. overrides] : State.RuleOverrides;
        State.EscalationWindow = change.EscalationWindow ?? State.EscalationWindow;
        State.EscalateMedium = change.EscalateMedium ?? State.EscalateMedium;
        State.ReAlarmAfter = change.ReAlarmAfter ?? State.ReAlarmAfter;
        State.News2ConditionDelay = change.News2ConditionDelay ?? State.News2ConditionDelay;
        await StartDeliveryAsync();
        return State.Policy;
    }

    public async Task ConfirmPolicyAsync(string patientId, long version)
    {
        if (version == State.PolicyVersion && State.UnconfirmedPatients.Remove(patientId))
        {
            _confirmationsUnsaved = true;
            if (State.UnconfirmedPatients.Count == 0)
            {
                await FinishDeliveryAsync();
            }
        }
    }

    public Task<ImmutableArray<string>> GetUnconfirmedPatientsAsync() =>
        Task.FromResult<ImmutableArray<string>>([.. State.UnconfirmedPatients.Order(StringComparer.Ordinal)]);

    public Task ReceiveReminder(string reminderName, TickStatus status) => ResendAsync(CancellationToken.None);

    /// <summary>A new version of the policy, to every patient of the unit; saved before anyone hears of it.</summary>
    private async Task StartDeliveryAsync()
    {
        State.PolicyVersion++;
        State.UnconfirmedPatients = [.. PatientByBed.Values];
        await unit.WriteStateAsync();
        Send();
        if (State.UnconfirmedPatients.Count > 0)
        {
            KeepResending();
            await this.RegisterOrUpdateReminder(DeliveryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    private void Send()
    {
        var (policy, version) = (State.Policy, State.PolicyVersion);
        foreach (var patientId in State.UnconfirmedPatients)
        {
            _ = GrainFactory.GetPatient(patientId).TakeUnitPolicyAsync(policy, version);
        }
    }

    private void KeepResending() => _resend ??= this.RegisterGrainTimer(ResendAsync, ResendAfter, ResendAfter);

    private async Task ResendAsync(CancellationToken cancellationToken)
    {
        // A patient that left the unit meanwhile has nothing to confirm.
        State.UnconfirmedPatients.IntersectWith(PatientByBed.Values);
        if (State.UnconfirmedPatients.Count == 0)
        {
            await FinishDeliveryAsync();
            return;
        }

        if (_confirmationsUnsaved)
        {
            await unit.WriteStateAsync(cancellationToken);
            _confirmationsUnsaved = false;
        }

        LogResending(this.GetPrimaryKeyString(), State.UnconfirmedPatients.Count, State.PolicyVersion);
        Send();
    }

    private async Task FinishDeliveryAsync()
    {
        _resend?.Dispose();
        _resend = null;
        await unit.WriteStateAsync();
        _confirmationsUnsaved = false;
        if (await this.GetReminder(DeliveryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {UnitId}: {Count} patients have not confirmed alarm policy version {Version}; sent again")]
    private partial void LogResending(string unitId, int count, long version);
}
