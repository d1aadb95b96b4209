using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Census;
using Monitoring.Ingestion;
using Monitoring.Storage;

namespace Monitoring.Devices;

/// <summary>
/// A bedside device: takes its reading batches, drops the ones it already delivered, and forwards
/// the rest to the patient it is bound to.
/// </summary>
internal sealed partial class DeviceGrain(
    [PersistentState(StorageNames.DeviceState, StorageNames.Provider)] IPersistentState<DeviceState> snapshot,
    ICensusRegistry census,
    TimeProvider time,
    IOptions<SnapshotOptions> snapshotOptions,
    ILogger<DeviceGrain> logger) : Grain, IDeviceGrain
{
    private bool _unsaved;

    private string DeviceId => GrainKeys.DeviceIdOf(this.GetPrimaryKeyString());

    private DeviceState State => snapshot.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = snapshotOptions.Value.Interval;
        this.RegisterGrainTimer(SaveIfChangedAsync, interval, interval);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        SaveIfChangedAsync(cancellationToken);

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

        if (!await GrainFactory.GetPatient(patientId).RecordReadingsAsync(DeviceId, batch.Readings))
        {
            // The patient was discharged or the device was detached: the binding has ended.
            State.PatientId = null;
            await SaveAsync();
            LogBindingEnded(DeviceId);
            return new IngestResult(IngestOutcome.DeviceNotBound, 0);
        }

        // Remembered only once the patient took the readings, so a batch that failed can be resent.
        State.Delivered.Add(batch.Sequence);
        State.LastHeardAt = time.GetUtcNow();
        _unsaved = true;
        return new IngestResult(IngestOutcome.Accepted, batch.Readings.Length);
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
            return BindingOutcome.Unchanged;
        }

        State.PatientId = patientId;
        await SaveAsync();
        if (previous is not null)
        {
            await GrainFactory.GetPatient(previous).DetachDeviceAsync(DeviceId);
        }

        LogBound(DeviceId, patientId);
        return BindingOutcome.Bound;
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
    private partial void LogBound(string deviceId, string patientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} is no longer bound: its patient refused its readings")]
    private partial void LogBindingEnded(string deviceId);
}
