using System.Collections.Concurrent;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// What happened to the devices' requests, second by second (filed under the second each request
/// was sent in): answered by status, timed out, failed to connect, and how long the slowest waited.
/// </summary>
public sealed class TrafficSeconds(int seconds)
{
    /// <summary>An answer within this counts as prompt (the figure for a database outage).</summary>
    public static readonly TimeSpan Prompt = TimeSpan.FromSeconds(2.5);

    private readonly long[] _sent = new long[seconds];
    private readonly long[] _prompt = new long[seconds];
    private readonly long[] _accepted = new long[seconds];
    private readonly long[] _unavailable = new long[seconds];
    private readonly long[] _tooMany = new long[seconds];
    private readonly long[] _otherStatus = new long[seconds];
    private readonly long[] _timedOut = new long[seconds];
    private readonly long[] _connectionFailed = new long[seconds];
    private readonly long[] _longestWaitMs = new long[seconds];
    private readonly ConcurrentDictionary<int, long> _refusedByStatus = new();

    public int Seconds => seconds;

    /// <summary>Every answer that was not 2xx, by status code, over the whole run.</summary>
    public IReadOnlyDictionary<int, long> RefusedByStatus => new SortedDictionary<int, long>(_refusedByStatus);

    public void Answered(int second, int status, TimeSpan waited)
    {
        var s = Clamp(second);
        Interlocked.Increment(ref _sent[s]);
        if (waited <= Prompt)
        {
            Interlocked.Increment(ref _prompt[s]);
        }

        if (status is >= 200 and < 300)
        {
            Interlocked.Increment(ref _accepted[s]);
        }
        else
        {
            Interlocked.Increment(ref status == 503 ? ref _unavailable[s] : ref status == 429 ? ref _tooMany[s] : ref _otherStatus[s]);
            _refusedByStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
        }

        Longest(s, waited);
    }

    public void TimedOut(int second, TimeSpan waited)
    {
        var s = Clamp(second);
        Interlocked.Increment(ref _sent[s]);
        Interlocked.Increment(ref _timedOut[s]);
        Longest(s, waited);
    }

    public void ConnectionFailed(int second, TimeSpan waited)
    {
        var s = Clamp(second);
        Interlocked.Increment(ref _sent[s]);
        Interlocked.Increment(ref _connectionFailed[s]);
        Longest(s, waited);
    }

    /// <summary>The requests sent in seconds [<paramref name="from"/>, <paramref name="to"/>), added up.</summary>
    public TrafficCounts Sum(int from, int to)
    {
        var counts = new TrafficCounts();
        for (var s = Math.Max(0, from); s < Math.Min(to, seconds); s++)
        {
            counts = counts.Add(new TrafficCounts(
                Interlocked.Read(ref _sent[s]), Interlocked.Read(ref _prompt[s]), Interlocked.Read(ref _accepted[s]),
                Interlocked.Read(ref _unavailable[s]), Interlocked.Read(ref _tooMany[s]), Interlocked.Read(ref _otherStatus[s]),
                Interlocked.Read(ref _timedOut[s]), Interlocked.Read(ref _connectionFailed[s]), Interlocked.Read(ref _longestWaitMs[s])));
        }

        return counts;
    }

    private int Clamp(int second) => Math.Clamp(second, 0, seconds - 1);

    private void Longest(int s, TimeSpan waited)
    {
        var ms = (long)waited.TotalMilliseconds;
        long seen;
        while (ms > (seen = Interlocked.Read(ref _longestWaitMs[s])) && Interlocked.CompareExchange(ref _longestWaitMs[s], ms, seen) != seen)
        {
        }
    }
}
