namespace Monitoring.Scheduling;

/// <summary>
/// A grain's wake-up time with <see cref="WakeUps"/>. Set from the grain's turns; taken by the service's timer.
/// </summary>
public sealed class WakeUp : IDisposable
{
    private const long Never = long.MaxValue;
    private readonly WakeUps _wakeUps;
    private readonly Lock _lock = new();
    private long _dueAt = Never;
    private bool _disposed;

    internal WakeUp(WakeUps wakeUps, GrainId grain) => (_wakeUps, Grain) = (wakeUps, grain);

    public GrainId Grain { get; }

    /// <summary>Whether a wake-up is set.</summary>
    public bool IsSet => Volatile.Read(ref _dueAt) != Never;

    /// <summary>Wakes the grain at <paramref name="dueAt"/> (or within <see cref="WakeUps.Resolution"/> after), replacing any time set before.</summary>
    public void At(DateTimeOffset dueAt) => Set(dueAt, replace: true);

    /// <summary>Wakes the grain at <paramref name="dueAt"/> unless a time is set already, or the grain has left.</summary>
    internal void AtIfUnset(DateTimeOffset dueAt) => Set(dueAt, replace: false);

    private void Set(DateTimeOffset dueAt, bool replace)
    {
        lock (_lock)
        {
            if (_disposed || (!replace && _dueAt != Never))
            {
                return;
            }

            if (_dueAt == Never)
            {
                _wakeUps.Arm(this);
            }

            Volatile.Write(ref _dueAt, dueAt.UtcTicks);
        }
    }

    /// <summary>No wake-up until <see cref="At"/> is called again.</summary>
    public void Cancel()
    {
        lock (_lock)
        {
            if (_dueAt != Never)
            {
                Volatile.Write(ref _dueAt, Never);
                _wakeUps.Disarm(this);
            }
        }
    }

    /// <summary>The grain has left: no wake-up from now on.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        Cancel();
    }

    internal bool TakeIfDue(long nowTicks)
    {
        lock (_lock)
        {
            if (_dueAt > nowTicks)
            {
                return false;
            }

            Volatile.Write(ref _dueAt, Never);
            _wakeUps.Disarm(this);
            return true;
        }
    }
}
