using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.Push;
using Monitoring.Storage;
using Monitoring.Vitals;

namespace Monitoring.Patients;

/// <summary>
/// A patient: keeps the latest vitals, checks every new value against the alarm limits in memory,
/// pushes vitals and alarms to dashboards, and keeps a snapshot in storage.
/// </summary>
/// <remarks>
/// Calls go one way only (device to patient to unit), so no two grains ever wait on each other.
/// </remarks>
internal sealed partial class PatientGrain(
    [PersistentState(StorageNames.PatientState, StorageNames.Provider)] IPersistentState<PatientState> snapshot,
    ICensusRegistry census,
    TimeProvider time,
    IOptions<SnapshotOptions> snapshotOptions,
    ILogger<PatientGrain> logger) : Grain, IPatientGrain
{
    private bool _vitalsUnsaved;

    private string PatientId => GrainKeys.PatientIdOf(this.GetPrimaryKeyString());

    private PatientState State => snapshot.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = snapshotOptions.Value.Interval;
        this.RegisterGrainTimer(SaveVitalsIfChangedAsync, interval, interval);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await SaveVitalsIfChangedAsync(cancellationToken);
    }

    public async Task<AdmissionOutcome> AdmitAsync(Admission admission)
    {
        var (previousUnit, previousBed) = (State.UnitId, State.Bed);
        if (previousUnit == admission.UnitId && previousBed == admission.Bed)
        {
            return AdmissionOutcome.Unchanged;
        }

        if (!await GrainFactory.GetUnit(admission.UnitId).AssignBedAsync(admission.Bed, PatientId))
        {
            return AdmissionOutcome.BedOccupied;
        }

        var now = time.GetUtcNow();
        await census.RecordAdmissionAsync(PatientId, admission.UnitId, admission.Bed, now);
        State.UnitId = admission.UnitId;
        State.Bed = admission.Bed;
        State.AdmittedAt ??= now;
        await SaveAsync();

        if (previousUnit is not null && previousBed is not null)
        {
            await GrainFactory.GetUnit(previousUnit).ReleaseBedAsync(previousBed, PatientId);
            LogMoved(PatientId, admission.UnitId);
            return AdmissionOutcome.Moved;
        }

        LogAdmitted(PatientId, admission.UnitId);
        return AdmissionOutcome.Admitted;
    }

    public async Task<bool> DischargeAsync()
    {
        if (!State.IsAdmitted)
        {
            return false;
        }

        var (unitId, bed) = (State.UnitId!, State.Bed!);
        await census.RecordDischargeAsync(PatientId, time.GetUtcNow());
        var resolved = Book().ResolveAll();
        await GrainFactory.GetUnit(unitId).ReleaseBedAsync(bed, PatientId);
        await PublishAsync(resolved.Select(a => a.ToView(PatientId, unitId, bed)), vitals: null);

        // Devices learn of the discharge on their next reading (the patient refuses it), which keeps
        // calls flowing one way; the bindings table is closed above.
        var counter = State.AlarmCounter;
        snapshot.State = new PatientState { AlarmCounter = counter };
        await SaveAsync();
        LogDischarged(PatientId, unitId);
        return true;
    }

    public async Task<bool> AttachDeviceAsync(string deviceId)
    {
        if (!State.IsAdmitted)
        {
            return false;
        }

        if (State.Devices.Add(deviceId))
        {
            await SaveAsync();
        }

        return true;
    }

    public async Task DetachDeviceAsync(string deviceId)
    {
        if (State.Devices.Remove(deviceId))
        {
            await SaveAsync();
        }
    }

    public async Task<bool> RecordReadingsAsync(string deviceId, ImmutableArray<Reading> readings)
    {
        if (!State.IsAdmitted || !State.Devices.Contains(deviceId))
        {
            return false;
        }

        var now = time.GetUtcNow();
        var book = Book();
        var changes = new List<Alarm>();
        foreach (var reading in readings.OrderBy(r => r.At))
        {
            // A reading older than the latest value (a late or resent batch) is kept out of the
            // picture: it must neither overwrite newer vitals nor raise a stale alarm.
            if (State.Latest.TryGetValue(reading.Sign, out var latest) && latest.At > reading.At)
            {
                continue;
            }

            State.Latest[reading.Sign] = new VitalValue(reading.Value, VitalSignCatalog.Get(reading.Sign).Unit, reading.At);
            changes.AddRange(book.Evaluate(reading, AlarmLimits.AdultDefaults, now));
        }

        _vitalsUnsaved = true;
        var (unitId, bed) = (State.UnitId!, State.Bed!);
        await PublishAsync(changes.Select(a => a.ToView(PatientId, unitId, bed)), new VitalsUpdate(PatientId, unitId, bed, LatestVitals()));
        if (changes.Count > 0)
        {
            // Alarm changes are written before the device hears "accepted"; vitals alone wait for the timer.
            await SaveAsync();
        }

        return true;
    }

    public Task<PatientView?> GetViewAsync()
    {
        if (!State.IsAdmitted)
        {
            return Task.FromResult<PatientView?>(null);
        }

        var (unitId, bed) = (State.UnitId!, State.Bed!);
        var view = new PatientView(
            PatientId,
            unitId,
            bed,
            LatestVitals(),
            [.. State.OpenAlarms.Select(a => a.ToView(PatientId, unitId, bed))],
            [.. State.Devices.Order(StringComparer.Ordinal)]);
        return Task.FromResult<PatientView?>(view);
    }

    private PatientAlarmBook Book() => new(State.OpenAlarms, State.AlarmCounter, PatientId);

    private ImmutableDictionary<string, VitalValue> LatestVitals() =>
        State.Latest.ToImmutableDictionary(kv => VitalSignCatalog.Get(kv.Key).Code, kv => kv.Value);

    private Task PublishAsync(IEnumerable<AlarmView> alarms, VitalsUpdate? vitals)
    {
        var batch = new PushBatch(vitals is null ? [] : [vitals], [.. alarms]);
        return batch.IsEmpty ? Task.CompletedTask : GrainFactory.GetGrain<IPushNotifierGrain>(0).PublishAsync(batch);
    }

    private async Task SaveAsync()
    {
        await snapshot.WriteStateAsync();
        _vitalsUnsaved = false;
    }

    private async Task SaveVitalsIfChangedAsync(CancellationToken cancellationToken)
    {
        if (_vitalsUnsaved)
        {
            await SaveAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Patient {PatientId} admitted to unit {UnitId}")]
    private partial void LogAdmitted(string patientId, string unitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Patient {PatientId} moved to unit {UnitId}")]
    private partial void LogMoved(string patientId, string unitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Patient {PatientId} discharged from unit {UnitId}")]
    private partial void LogDischarged(string patientId, string unitId);
}
