using Monitoring.Storage;

namespace Monitoring.Patients;

/// <summary>
/// Keeps a patient's alarm clock running while something waits on time (an alarm delay, an escalation,
/// NEWS2 going stale, history rows to write): a grain timer for the seconds, and a reminder (at most once
/// a minute) so that a lost silo does not stop it. Not thread-safe: one per activation, used from its turns.
/// </summary>
internal sealed class AlarmClock(IGrainBase grain, Func<CancellationToken, Task> tick, TimeSpan tickInterval, BoundedWrite reminderWrites, TimeProvider time, bool reminderRegistered)
{
    public const string ReminderName = "alarm-clock";

    /// <summary>
    /// How far ahead the timer looks. Something due later (NEWS2 going stale in an hour) is left to the
    /// reminder, which fires every minute and starts the timer once it comes this close.
    /// </summary>
    public static readonly TimeSpan TimerHorizon = TimeSpan.FromMinutes(2);

    private IGrainTimer? _timer;
    private bool _reminderRegistered = reminderRegistered;

    /// <summary>Whether the timer is running now.</summary>
    public bool Ticking => _timer is not null;

    /// <summary>The reminder fired: it exists, whatever this activation believed.</summary>
    public void ReminderFired() => _reminderRegistered = true;

    /// <summary>Starts or stops the timer and the reminder for what is due next and what waits to be written.</summary>
    public async Task KeepAsync(DateTimeOffset? dueAt, bool writesPending)
    {
        var needed = dueAt is not null || writesPending;
        var timerNeeded = writesPending || dueAt - time.GetUtcNow() <= TimerHorizon;
        if (timerNeeded && _timer is null)
        {
            _timer = grain.RegisterGrainTimer(tick, tickInterval, tickInterval);
        }
        else if (!timerNeeded && _timer is not null)
        {
            _timer.Dispose();
            _timer = null;
        }

        // The reminders live in PostgreSQL: while it is out (or stalls) the timer keeps the clock for this
        // activation, and a later turn registers the reminder. Never fail a reading for it.
        if (needed != _reminderRegistered && await reminderWrites.TryAsync(() => ChangeReminderAsync(needed)))
        {
            _reminderRegistered = needed;
        }
    }

    private async Task ChangeReminderAsync(bool needed)
    {
        if (needed)
        {
            await grain.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        else if (await grain.GetReminder(ReminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
