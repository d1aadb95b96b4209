using System.Diagnostics;

namespace Monitoring.Benchmarks;

/// <summary>As many calls as <c>concurrency</c> workers can make for a while: a ceiling, not a load.</summary>
public static class ClosedLoop
{
    public static async Task<RateResult> RunAsync(int concurrency, TimeSpan duration, Func<int, long, Task<bool>> call)
    {
        long ok = 0, failed = 0;
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            for (long n = 0; !stop.IsCancellationRequested; n++)
            {
                try
                {
                    if (await call(worker, n))
                    {
                        Interlocked.Increment(ref ok);
                        continue;
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or OrleansException or TimeoutException)
                {
                }

                Interlocked.Increment(ref failed);
            }
        }));
        return new RateResult(ok, failed, ok / clock.Elapsed.TotalSeconds);
    }
}

/// <summary>How many calls succeeded and failed, and the rate of successes per second.</summary>
public sealed record RateResult(long Succeeded, long Failed, double PerSecond)
{
    /// <summary>The 99th percentile of request latency, where the load generator reports it.</summary>
    public double? P99Ms { get; init; }
}
