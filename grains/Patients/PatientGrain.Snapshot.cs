using Monitoring.Storage;
using Monitoring.Telemetry;

namespace Monitoring.Patients;

/// <summary>
/// When the patient writes its snapshot: at once after a change that must survive a crash (an alarm,
/// an admission, limits), and for vitals alone at most once per snapshot interval, by a timer that
/// runs only while they change.
/// </summary>
internal sealed partial class PatientGrain
{
    private async Task SaveAsync()
    {
        await snapshot.WriteStateAsync();
        _vitalsUnsaved = false;
    }

    /// <summary>
    /// Saves now if the database answers. During an outage the patient goes on from memory: its alarms
    /// have already gone out, the snapshot waits and the snapshot timer tries again until it is written.
    /// </summary>
    private async Task SaveOrDeferAsync()
    {
        try
        {
            await SaveAsync();
        }
        catch (Exception exception) when (StorageOutage.IsOutage(exception))
        {
            MonitoringTelemetry.DatabaseFailures.Add(1, new KeyValuePair<string, object?>("write", "patient_snapshot"));
            LogSnapshotDeferred(exception.GetType().Name);
            MarkVitalsUnsaved();
        }
    }

    /// <summary>
    /// Vitals alone are saved by a timer, at most once per snapshot interval. The timer runs only
    /// while they change, so an idle patient carries none.
    /// </summary>
    private void MarkVitalsUnsaved()
    {
        _vitalsUnsaved = true;
        if (_snapshotTimer is null)
        {
            var interval = snapshotOptions.Value.Interval;
            _snapshotTimer = this.RegisterGrainTimer(OnSnapshotTimerAsync, interval, interval);
        }
    }

    private async Task OnSnapshotTimerAsync(CancellationToken cancellationToken)
    {
        if (_vitalsUnsaved)
        {
            await SaveOrDeferAsync();
            return;
        }

        // A whole interval without a change: stop until the next one.
        _snapshotTimer?.Dispose();
        _snapshotTimer = null;
    }

    private async Task SaveVitalsIfChangedAsync(CancellationToken cancellationToken)
    {
        if (_vitalsUnsaved)
        {
            await SaveOrDeferAsync();
        }
    }
}
