using Monitoring.Storage;

namespace Monitoring.Patients;

/// <summary>
/// When the patient writes its snapshot: at once after a change that must survive a crash (an alarm,
/// an admission, limits), and for vitals alone at most once per snapshot interval, by a timer that
/// runs only while they change.
/// </summary>
internal sealed partial class PatientGrain
{
    /// <summary>A write the caller waits for (admission, limits): refused at once while PostgreSQL is out.</summary>
    private async Task SaveAsync()
    {
        await Snapshots.SaveAsync(State);
        _vitalsUnsaved = false;
    }

    /// <summary>
    /// Saves now if the database answers (waiting at most <see cref="DatabaseOutageOptions.StallAfter"/>).
    /// While it is out the patient goes on from memory: its alarms have already gone out, the history rows
    /// wait in the snapshot's outbox, and the snapshot timer tries again until it is written.
    /// </summary>
    private async Task SaveOrDeferAsync()
    {
        if (await Snapshots.TrySaveAsync(State))
        {
            _vitalsUnsaved = false;
        }
        else
        {
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
            var interval = steps.SnapshotInterval;
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

    /// <summary>On deactivation (a silo draining): waited for to the end unless PostgreSQL is out.</summary>
    private async Task SaveVitalsIfChangedAsync(CancellationToken cancellationToken)
    {
        if (_vitalsUnsaved)
        {
            await Snapshots.SaveBeforeLeavingAsync(State, cancellationToken);
        }
    }
}
