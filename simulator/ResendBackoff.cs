namespace Monitoring.Simulator;

/// <summary>
/// How long a device waits before sending an unacknowledged batch again: 250 ms after the first failure,
/// doubling to at most 10 s, each wait a random point in the upper half of its step so that beds that failed
/// together do not all come back together; never sooner than the backend's Retry-After (taken up to 30 s).
/// </summary>
public sealed class ResendBackoff(Random jitter)
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(10);

    /// <summary>A longer Retry-After is cut to this, so one odd header cannot stall a device for hours.</summary>
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();

    /// <param name="failures">Failed attempts in a row, counting the one just answered (1 or more).</param>
    /// <param name="retryAfter">The backend's Retry-After, if it gave one.</param>
    public TimeSpan After(int failures, TimeSpan? retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var step = failures > 16 ? Longest : TimeSpan.FromTicks(Math.Min(First.Ticks << (failures - 1), Longest.Ticks));
        double spread;
        lock (_gate)
        {
            // Random is not thread-safe, and one instance may serve a whole ward.
            spread = jitter.NextDouble();
        }

        var backoff = step * (0.5 + (spread / 2));
        var asked = retryAfter is { } wait ? TimeSpan.FromTicks(Math.Clamp(wait.Ticks, 0, LongestRetryAfter.Ticks)) : TimeSpan.Zero;
        return backoff > asked ? backoff : asked;
    }
}
