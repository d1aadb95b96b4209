using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.History;
using Monitoring.Ingestion;
using Monitoring.News2;
using Monitoring.Privacy;
using Monitoring.Push;
using Monitoring.Scheduling;
using Monitoring.Storage;
using Monitoring.Telemetry;
using Monitoring.Vitals;

namespace Monitoring.Patients;

/// <summary>
/// A patient: the grain around <see cref="PatientMonitor"/>, which holds the clinical rules. Each change
/// is a short list of steps (<c>AfterChangeAsync</c>): <see cref="PatientPush"/> to the dashboards, the
/// <see cref="AlarmHistoryOutbox"/>, the snapshot (<c>PatientGrain.Snapshot.cs</c>) and the
/// <see cref="AlarmClock"/>. Rules and policy are in <c>PatientGrain.Rules.cs</c>.
/// </summary>
/// <remarks>
/// No turn that takes readings waits on PostgreSQL while it is out: snapshot, alarm-history and reminder
/// writes are put off while <see cref="DatabaseOutage"/> says it is out, and otherwise waited for at most
/// <see cref="DatabaseOutageOptions.StallAfter"/> (see <see cref="BoundedWrite"/>). Calls go one way only
/// (device to patient to unit), so no two grains ever wait on each other.
/// </remarks>
internal sealed partial class PatientGrain(
    [PersistentState(StorageNames.PatientState, StorageNames.Provider)] IPersistentState<PatientState> snapshot,
    ICensusRegistry census,
    IVitalsHistory vitalsHistory,
    PatientSteps steps,
    WakeUps wakeUps,
    ILogger<PatientGrain> logger) : Grain, IPatientGrain, IRemindable, IWakeable
{
    private readonly TimeProvider time = steps.Time;
    private readonly TurnWrites writes = steps.Writes;
    private readonly PatientPush _push = steps.Push();
    private PatientMonitor? _monitor;
    private WakeUp? _snapshotDue;
    private AlarmHistoryOutbox _historyOutbox = null!;
    private AlarmClock _alarmClock = null!;
    private SnapshotWriter<PatientState>? _snapshots;
    private bool _vitalsUnsaved;
    private long _delaysSeen;

    private string PatientId => GrainKeys.PatientIdOf(this.GetPrimaryKeyString());

    private PatientState State => snapshot.State;

    private PatientMonitor Monitor => _monitor ??= new PatientMonitor(State, PatientId, time, steps.News2MaxAge);

    // Created on first use, from the snapshot's version as read at activation; it keeps the version from then on.
    private SnapshotWriter<PatientState> Snapshots =>
        _snapshots ??= writes.Snapshot<PatientState>(StorageNames.PatientState, this.GetGrainId(), snapshot.Etag, "patient_snapshot");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The outbox lives in the snapshot, which discharge replaces: always the current one.
        _snapshotDue = wakeUps.For(this.GetGrainId());
        _historyOutbox = steps.HistoryOutbox(() => State.HistoryOutbox);
        _alarmClock = steps.Clock(this, OnAlarmClockAsync, reminderRegistered: Monitor.NextDueAt is not null || State.HistoryOutbox.Count > 0);

        // Reactivated after a silo was lost: catch up on escalations and delays at once, and write what waits.
        await AfterChangeAsync(retryHistory: true);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _snapshotDue?.Dispose();
        await SaveVitalsIfChangedAsync(cancellationToken);
    }

    public async Task<AdmissionOutcome> AdmitAsync(Admission admission)
    {
        var (previousUnit, previousBed) = (State.UnitId, State.Bed);
        if (previousUnit == admission.UnitId && previousBed == admission.Bed)
        {
            return AdmissionOutcome.Unchanged;
        }

        // It must be stored (census, unit, snapshot): refused at once while PostgreSQL is out, before the unit is asked.
        writes.Outage.ThrowIfOpen();

        if (await GrainFactory.GetUnit(admission.UnitId).AssignBedAsync(admission.Bed, PatientId) is not { } policy)
        {
            return AdmissionOutcome.BedOccupied;
        }

        var now = time.GetUtcNow();
        await census.RecordAdmissionAsync(PatientId, admission.UnitId, admission.Bed, now);
        State.UnitId = admission.UnitId;
        State.Bed = admission.Bed;
        State.AdmittedAt ??= now;
        Monitor.SetPolicy(policy);
        await SaveAsync();

        if (previousUnit is not null && previousBed is not null)
        {
            // Moved: the new unit's limits hold from now on, for the values the patient has, not from the next reading.
            await ApplyRulesAsync();
            await _push.PublishMovedAsync(PatientId, admission.UnitId, admission.Bed, Monitor.OpenAlarms,
                new VitalsUpdate(PatientId, admission.UnitId, admission.Bed, LatestVitals(), News2Summary.Of(Monitor.LatestNews2)));
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
        Monitor.Discharge();
        await AfterChangeAsync();
        await GrainFactory.GetUnit(unitId).ReleaseBedAsync(bed, PatientId);

        // Devices learn of the discharge on their next reading (the patient refuses it), which keeps
        // calls flowing one way; the bindings table is closed above. Alarm numbers never repeat.
        snapshot.State = new PatientState { Alarms = new AlarmBook { Counter = State.Alarms.Counter }, HistoryOutbox = State.HistoryOutbox };
        _monitor = null;
        _delaysSeen = 0; // the new monitor counts from nothing
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
            // Monitored by a device again: a device-unbound alarm ends.
            Monitor.DeviceAttached();
            await SaveAsync();
            await AfterChangeAsync();
        }

        return true;
    }

    /// <summary>The device was bound to another patient (the only caller: <c>DeviceGrain.BindAsync</c>).</summary>
    public async Task DetachDeviceAsync(string deviceId)
    {
        if (State.Devices.Remove(deviceId))
        {
            // Its technical alarms (offline, sensor fault, clock) can no longer clear: they end with the
            // binding; the patient's loss of that monitoring is an alarm (device-unbound).
            Monitor.DeviceTaken(deviceId);
            await SaveAsync();
            await AfterChangeAsync();
        }
    }

    /// <summary>
    /// A bound device's readings: evaluated here, stored by the device (<c>DeviceGrain.IngestAsync</c>),
    /// which held room for them in the history first and waits for their commit itself, so that this
    /// patient's other devices and its nurses never wait behind a commit.
    /// </summary>
    public Task<RecordOutcome> RecordReadingsAsync(string deviceId, ImmutableArray<Reading> readings) =>
        State.IsAdmitted && State.Devices.Contains(deviceId)
            ? EvaluateAsync(deviceId, readings)
            : Task.FromResult(RecordOutcome.NotAdmitted);

    public Task<RecordOutcome> RecordObservationsAsync(ImmutableArray<Reading> readings) =>
        State.IsAdmitted ? StoreAndEvaluateAsync(readings) : Task.FromResult(RecordOutcome.NotAdmitted);

    /// <summary>A nurse's entry: taken by the history first (if it is full, nothing changes and the nurse is asked to send again).</summary>
    private async Task<RecordOutcome> StoreAndEvaluateAsync(ImmutableArray<Reading> readings)
    {
        if (vitalsHistory.TryAppend(VitalRecords.Of(PatientId, deviceId: null, readings, time.GetUtcNow())) is not { } stored)
        {
            return RecordOutcome.Busy;
        }

        await EvaluateAsync(deviceId: null, readings);

        // Alarms are out; the answer waits for the readings to be committed (or buffered while
        // PostgreSQL is out), so that nothing accepted is lost with this silo.
        await stored;
        return RecordOutcome.Accepted;
    }

    private async Task<RecordOutcome> EvaluateAsync(string? deviceId, ImmutableArray<Reading> readings)
    {
        MonitoringTelemetry.ReadingsIngested.Add(readings.Length);
        var saveNow = IsIntermittent(deviceId, readings);
        if (Monitor.Record(deviceId, readings))
        {
            MarkVitalsUnsaved();
        }

        await AfterChangeAsync(pushVitals: true);
        if (saveNow && _vitalsUnsaved)
        {
            await SaveOrDeferAsync();
        }

        return RecordOutcome.Accepted;
    }

    public async Task<bool> ReportDeviceSilentAsync(string deviceId)
    {
        if (!State.IsAdmitted || !State.Devices.Contains(deviceId))
        {
            return false;
        }

        Monitor.ReportDeviceSilent(deviceId);
        await AfterChangeAsync();
        return true;
    }

    public async Task<bool> ReportDeviceClockAsync(string deviceId, TimeSpan skew)
    {
        if (!State.IsAdmitted || !State.Devices.Contains(deviceId))
        {
            return false;
        }

        Monitor.ReportDeviceClock(deviceId, skew);
        await AfterChangeAsync();
        return true;
    }

    public async Task<AcknowledgeResult> AcknowledgeAsync(string alarmId, string actor)
    {
        var outcome = Monitor.Acknowledge(alarmId, actor);
        var changes = await AfterChangeAsync();
        var alarm = changes.LastOrDefault(t => t.Alarm.AlarmId == alarmId)?.Alarm ?? Monitor.OpenAlarms.FirstOrDefault(a => a.AlarmId == alarmId);
        return new AcknowledgeResult(outcome, alarm is null || !State.IsAdmitted ? null : alarm.ToView(PatientId, State.UnitId!, State.Bed!));
    }

    public Task<Admission?> GetAdmissionAsync() =>
        Task.FromResult(State.IsAdmitted ? new Admission(State.UnitId!, State.Bed!) : null);

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
            [.. Monitor.OpenAlarms.Select(a => a.ToView(PatientId, unitId, bed))],
            [.. State.Devices.Order(StringComparer.Ordinal)],
            Monitor.News2Score());
        return Task.FromResult<PatientView?>(view);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The reminder only wakes the grain (on a surviving silo, if need be); the timer does the seconds.
        _alarmClock.ReminderFired();
        await OnAlarmClockAsync(CancellationToken.None);
    }

    private ImmutableDictionary<string, VitalValue> LatestVitals() =>
        State.Latest.ToImmutableDictionary(kv => VitalSignCatalog.Get(kv.Key).Code, kv => kv.Value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Patient {PatientId} admitted to unit {UnitId}")]
    private partial void LogAdmitted([PatientIdentifier] string patientId, string unitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Patient {PatientId} moved to unit {UnitId}")]
    private partial void LogMoved([PatientIdentifier] string patientId, string unitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Patient {PatientId} discharged from unit {UnitId}")]
    private partial void LogDischarged([PatientIdentifier] string patientId, string unitId);
}
