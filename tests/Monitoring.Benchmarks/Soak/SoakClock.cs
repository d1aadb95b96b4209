using System.Diagnostics;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// The soak's time line: seconds since the devices started streaming. Every count, latency and sample is
/// filed under the second it began in, and deploy/soak.sh times its faults from the same start
/// (<see cref="StartedAtUnix"/>, written to the run's <c>load-started</c> file).
/// </summary>
public sealed class SoakClock
{
    private long _started;

    /// <summary>When the load began, in Unix seconds.</summary>
    public double StartedAtUnix { get; private set; }

    public void Start()
    {
        _started = Stopwatch.GetTimestamp();
        StartedAtUnix = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
    }

    /// <summary>A moment, as a Stopwatch timestamp.</summary>
    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>Seconds from the start to <paramref name="timestamp"/>.</summary>
    public double Elapsed(long timestamp) => Stopwatch.GetElapsedTime(_started, timestamp).TotalSeconds;

    public double ElapsedNow => Elapsed(Now);

    /// <summary>The whole second <paramref name="timestamp"/> falls in (0 before the start).</summary>
    public int Second(long timestamp) => Math.Max(0, (int)Elapsed(timestamp));
}
