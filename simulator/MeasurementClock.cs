namespace Monitoring.Simulator;

/// <summary>
/// Dates a device's batches to the millisecond (what goes on the wire), each later than the one before. A
/// device that falls behind its interval (a stalled process) measures twice in quick succession: the same
/// millisecond twice would make the second batch's readings look like a resend of the first, and the history,
/// which keeps one reading per sign and instant, would keep only one of them.
/// </summary>
public sealed class MeasurementClock(TimeProvider time)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>Now, to the millisecond; or a millisecond after the last time given, if that is not before now.</summary>
    public DateTimeOffset Next()
    {
        var now = time.GetUtcNow();
        var at = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        _last = at > _last ? at : _last + Tick;
        return _last;
    }
}
