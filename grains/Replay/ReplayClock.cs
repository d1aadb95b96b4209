namespace Monitoring.Replay;

/// <summary>The clock of a replay: stands where the replay has got to, and moves only when told.</summary>
public sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>Moves on to <paramref name="to"/>; never back (events of the same instant keep it).</summary>
    public void MoveTo(DateTimeOffset to)
    {
        if (to > Now)
        {
            Now = to;
        }
    }
}
