using System.Collections.Immutable;
using Monitoring.Storage;
using Monitoring.Vitals;

namespace Monitoring.Patients;

/// <summary>
/// When the patient writes its snapshot: at once after a change that must survive a crash (an alarm,
/// an admission, limits, a reading that does not come again within seconds), and for a stream of vitals
/// at most once per snapshot interval, woken by the silo's <see cref="Scheduling.WakeUps"/> while they change.
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
    /// Whether readings are saved at once rather than by the timer: a nurse's entry, or a sign not heard of
    /// for longer than the snapshot interval (a cuff's blood pressure every 15 minutes, a first reading).
    /// A silo lost before the timer would lose such a value from the patient's picture (NEWS2 included)
    /// until it is measured again, which may be an hour. A continuous stream (ECG, SpO2 at 1 Hz) is
    /// measured again within a second, so the timer's interval costs nothing clinically there.
    /// </summary>
    private bool IsIntermittent(string? deviceId, ImmutableArray<Reading> readings)
    {
        if (deviceId is null)
        {
            return true;
        }

        foreach (var reading in readings)
        {
            if (!State.Latest.TryGetValue(reading.Sign, out var latest) || reading.At - latest.At > steps.SnapshotInterval)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Vitals alone are saved at most once per snapshot interval: the first change after a save asks the silo's
    /// <see cref="Scheduling.WakeUps"/> to wake the patient an interval later. An idle patient carries no timer.
    /// </summary>
    private void MarkVitalsUnsaved()
    {
        _vitalsUnsaved = true;
        if (_snapshotDue is { IsSet: false } due)
        {
            due.At(time.GetUtcNow() + steps.SnapshotInterval);
        }
    }

    /// <summary>Woken by <see cref="Scheduling.WakeUps"/>: the snapshot interval has passed since vitals changed.</summary>
    public async Task WakeAsync()
    {
        if (_vitalsUnsaved)
        {
            await SaveOrDeferAsync();
        }
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
