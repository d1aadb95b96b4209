namespace Monitoring.Simulator;

/// <summary>
/// Spaces requests evenly at a rate, so that setting up a large ward stays under the api's limit per
/// person (50 requests a second by default) instead of meeting it: each caller is given the next free
/// slot and waits for it. Thread-safe.
/// </summary>
public sealed class RequestPacer
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _spacing;
    private readonly Lock _gate = new();
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;

    public RequestPacer(double perSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentNullException.ThrowIfNull(time);
        PerSecond = perSecond;
        _time = time;
        _spacing = TimeSpan.FromSeconds(1 / perSecond);
    }

    public double PerSecond { get; }

    /// <summary>Waits for this caller's slot: at once while the pace allows it.</summary>
    public Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        DateTimeOffset slot;
        lock (_gate)
        {
            slot = _nextSlot > now ? _nextSlot : now;
            _nextSlot = slot + _spacing;
        }

        var wait = slot - now;
        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, _time, cancellationToken);
    }
}
