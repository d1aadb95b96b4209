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
            await SaveAsync();
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
            await SaveAsync();
        }
    }
}
