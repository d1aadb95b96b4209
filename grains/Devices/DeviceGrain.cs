using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.History;
using Monitoring.Ingestion;
using Monitoring.Privacy;
using Monitoring.Scheduling;
using Monitoring.Storage;

namespace Monitoring.Devices;

/// <summary>
/// A bedside device: takes its reading batches, drops the ones it already delivered, forwards the
/// rest to the patient it is bound to, stores them in the vitals history once the patient has taken
/// them, and tells the patient when it has gone quiet.
/// </summary>
/// <remarks>
/// While bound, the silo's <see cref="WakeUps"/> wakes it when its silence has lasted too long (each batch moves
/// that time on), and a reminder keeps the grain alive
/// (and brings it back on another silo if its own is lost), so a quiet device is always noticed.
/// The memory of delivered batches is written on deactivation only, not per batch: after a crash a
/// resent batch may be taken again, which changes no latest value and no alarm, and the vitals
/// history stores it once. That keeps a write per device per few seconds off the database.
/// </remarks>
internal sealed partial class DeviceGrain(
    [PersistentState(StorageNames.DeviceState, StorageNames.Provider)] IPersistentState<DeviceState> snapshot,
    ICensusRegistry census,
    IVitalsHistory vitalsHistory,
    TimeProvider time,
    IOptions<AlarmClockOptions> clockOptions,
    WakeUps wakeUps,
    ILogger<DeviceGrain> logger) : Grain, IDeviceGrain, IRemindable, IWakeable
{
    private const string WatchReminder = "silence-watch";
    private bool _unsaved;
    private DateTimeOffset _activatedAt;
    private WakeUp? _silenceWatch;

    private string DeviceId => GrainKeys.DeviceIdOf(this.GetPrimaryKeyString());

    private DeviceState State => snapshot.State;

    private TimeSpan OfflineAfter => clockOptions.Value.DeviceOfflineAfter;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Silence is counted from now at the latest: the last-heard time in storage may be old after a crash.
        _activatedAt = time.GetUtcNow();
        _silenceWatch = wakeUps.For(this.GetGrainId());
        WatchSilence();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _silenceWatch?.Dispose();
        return SaveIfChangedAsync(cancellationToken);
    }

    public async Task<IngestResult> IngestAsync(ReadingBatch batch)
    {
        if (State.PatientId is not { } patientId)
        {
            return new IngestResult(IngestOutcome.DeviceNotBound, 0);
        }

        if (State.Delivered.Contains(batch.Sequence))
        {
            return new IngestResult(IngestOutcome.Duplicate, 0);
        }

        // Measured before the binding began: perhaps the previous patient's, never credited to this one.
        var (readings, beforeBinding) = BindingWindow.Split(batch.Readings, State.BoundAt);
        if (readings.IsEmpty)
        {
            return new IngestResult(IngestOutcome.Accepted, 0, beforeBinding);
        }

        // Room in the history first: if there is none, nothing changes and the sender resends.
        using var room = vitalsHistory.TryReserve(readings.Length);
        if (room is null)
        {
            return new IngestResult(IngestOutcome.Busy, 0);
        }

        switch (await GrainFactory.GetPatient(patientId).RecordReadingsAsync(DeviceId, readings))
        {
            case RecordOutcome.NotAdmitted:
                // The patient was discharged or the device was detached: the binding has ended.
                await EndBindingAsync();
                return new IngestResult(IngestOutcome.DeviceNotBound, 0);
            case RecordOutcome.Busy:
                return new IngestResult(IngestOutcome.Busy, 0);
        }

        // The patient's alarms are out. The answer waits for the readings' commit (or, while PostgreSQL is
        // out, for the buffer), here rather than in the patient's turn, so that the patient's other devices
        // and its nurses never queue behind a commit. Refused only when this silo began to shut down
        // meanwhile: the sender resends to a silo that stays, and the patient evaluates the batch again,
        // which changes no latest value and no alarm.
        if (room.Append(VitalRecords.Of(patientId, DeviceId, readings, time.GetUtcNow()), soon: batch.HoldsBackOthers) is not { } stored)
        {
            return new IngestResult(IngestOutcome.Busy, 0);
        }

        await stored;

        // Remembered only once the patient took the readings, so a batch that failed can be resent.
        State.Delivered.Add(batch.Sequence);
        State.LastHeardAt = time.GetUtcNow();
        State.ReportedSilent = false;
        _unsaved = true;
        WatchSilence();
        return new IngestResult(IngestOutcome.Accepted, readings.Length, beforeBinding);
    }

    public async Task<BindingOutcome> BindAsync(string patientId)
    {
        var previous = State.PatientId;
        if (!await GrainFactory.GetPatient(patientId).AttachDeviceAsync(DeviceId))
        {
            return BindingOutcome.PatientNotAdmitted;
        }

        await census.RecordBindingAsync(DeviceId, patientId, time.GetUtcNow());
        if (previous == patientId)
        {
            // Bound already (perhaps by a call that failed after the binding took): watched all the same.
            WatchSilence();
            await this.RegisterOrUpdateReminder(WatchReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            return BindingOutcome.Unchanged;
        }

        State.PatientId = patientId;
        State.Delivered = new RecentSequences(); // a new patient, a new stream of batches
        State.LastHeardAt = time.GetUtcNow(); // silence counts from the binding
        State.BoundAt = State.LastHeardAt;
        State.ReportedSilent = false;
        WatchSilence(); // before the save: if it fails, this activation is bound all the same and must notice silence
        await SaveAsync();
        await this.RegisterOrUpdateReminder(WatchReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        if (previous is not null)
        {
            await GrainFactory.GetPatient(previous).DetachDeviceAsync(DeviceId);
        }

        LogBound(DeviceId, patientId);
        return BindingOutcome.Bound;
    }

    public async Task ReportClockSkewAsync(TimeSpan skew)
    {
        if (State.PatientId is { } patientId && await GrainFactory.GetPatient(patientId).ReportDeviceClockAsync(DeviceId, skew))
        {
            LogClockSkew(DeviceId, skew.TotalSeconds);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckSilenceAsync();

    /// <summary>Woken by <see cref="WakeUps"/> when the silence it was told of has lasted <see cref="OfflineAfter"/>.</summary>
    public Task WakeAsync() => CheckSilenceAsync();

    /// <summary>Asks to be woken when the device's silence will have lasted too long, while that is worth noticing.</summary>
    private void WatchSilence()
    {
        if (State.PatientId is null || State.ReportedSilent)
        {
            _silenceWatch?.Cancel();
        }
        else
        {
            // Just past the limit: silence of exactly OfflineAfter is not yet too long.
            _silenceWatch?.At(LastHeard + OfflineAfter + TimeSpan.FromTicks(1));
        }
    }

    private DateTimeOffset LastHeard => State.LastHeardAt is { } heard && heard > _activatedAt ? heard : _activatedAt;

    private async Task CheckSilenceAsync()
    {
        try
        {
            await ReportIfSilentAsync();
        }
        finally
        {
            WatchSilence();
        }
    }

    private async Task ReportIfSilentAsync()
    {
        if (State.PatientId is not { } patientId || State.ReportedSilent || time.GetUtcNow() - LastHeard <= OfflineAfter)
        {
            return;
        }

        if (!await GrainFactory.GetPatient(patientId).ReportDeviceSilentAsync(DeviceId))
        {
            // The patient left while the device was quiet: the binding has ended, and so does the watch.
            await EndBindingAsync();
            return;
        }

        State.ReportedSilent = true;
        await SaveAsync();
        LogSilent(DeviceId, OfflineAfter.TotalSeconds);
    }

    private async Task EndBindingAsync()
    {
        State.PatientId = null;
        State.ReportedSilent = false;
        WatchSilence();
        await SaveAsync();
        if (await this.GetReminder(WatchReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        LogBindingEnded(DeviceId);
    }

    private async Task SaveAsync()
    {
        await snapshot.WriteStateAsync();
        _unsaved = false;
    }

    private async Task SaveIfChangedAsync(CancellationToken cancellationToken)
    {
        if (_unsaved)
        {
            await SaveAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} bound to patient {PatientId}")]
    private partial void LogBound(string deviceId, [PatientIdentifier] string patientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} is no longer bound: its patient refused its readings")]
    private partial void LogBindingEnded(string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} sent readings dated {Seconds} s ahead of our clock; refused")]
    private partial void LogClockSkew(string deviceId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} has been silent for more than {Seconds} s")]
    private partial void LogSilent(string deviceId, double seconds);
}
