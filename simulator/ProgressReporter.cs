using System.Globalization;

namespace Monitoring.Simulator;

/// <summary>
/// Prints ward-wide progress every <see cref="Period"/> (with how many device messages were held back) and the
/// summary at the end: batches measured, acknowledged (accepted, or duplicates of ones already stored), refused
/// and lost by reason, waiting now (all devices, and the longest queue) and resent.
/// </summary>
public sealed class ProgressReporter(StreamingCounters counters, DeviceEventLog log, TimeProvider time, TextWriter output)
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private readonly long _started = time.GetTimestamp();

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Period, time);
        var previous = counters.Snapshot();
        var previousAt = _started;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = time.GetTimestamp();
                var current = counters.Snapshot();
                var rate = (current.Acknowledged - previous.Acknowledged) / time.GetElapsedTime(previousAt, now).TotalSeconds;
                output.WriteLine($"[{Clock(time.GetElapsedTime(_started, now))}] {Describe(current, rate)}{HeldBack()}");
                (previous, previousAt) = (current, now);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping; the summary follows.
        }
    }

    public void WriteSummary()
    {
        var elapsed = time.GetElapsedTime(_started);
        var total = counters.Snapshot();
        var rate = elapsed > TimeSpan.Zero ? total.Acknowledged / elapsed.TotalSeconds : 0;
        output.WriteLine($"Summary after {Clock(elapsed)}: {Describe(total, rate)}{HeldBack()}");
    }

    /// <summary>One line of counts, e.g. <c>measured=80 accepted=70 duplicates=1 refused=1 (HTTP 400: 1) lost=0 waiting=8 (longest queue 4) resent=12 rate=7.1 batches/s</c>.</summary>
    public static string Describe(CounterSnapshot counts, double acknowledgedPerSecond)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"measured={counts.Measured} accepted={counts.Accepted} duplicates={counts.Duplicates} refused={counts.Refused}{ByReason(counts.RefusedBy)} lost={counts.Lost}{ByReason(counts.LostBy)} waiting={counts.Waiting} (longest queue {counts.LargestBacklog}) resent={counts.Resent} rate={acknowledgedPerSecond:0.0} batches/s");
    }

    private static string ByReason(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "" : $" ({string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}: {c.Value}")))})";

    private string HeldBack() =>
        log.TakeHeldBack() is > 0 and var count
            ? string.Create(CultureInfo.InvariantCulture, $" ({count} device messages not shown)")
            : "";

    private static string Clock(TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours:00}:{elapsed.Minutes:00}:{elapsed.Seconds:00}");
}
