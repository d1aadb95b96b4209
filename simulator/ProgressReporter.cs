using System.Globalization;

namespace Monitoring.Simulator;

/// <summary>
/// Prints ward-wide progress every <see cref="Period"/> (with how many device messages were held back) and the
/// summary at the end.
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
                var rate = (current.Sent - previous.Sent) / time.GetElapsedTime(previousAt, now).TotalSeconds;
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"[{Clock(time.GetElapsedTime(_started, now))}] sent={current.Sent} accepted={current.Accepted} duplicates={current.Duplicates} failed={current.Failed} rate={rate:0.0} batches/s{HeldBack()}"));
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
        var rate = elapsed > TimeSpan.Zero ? total.Sent / elapsed.TotalSeconds : 0;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Summary after {Clock(elapsed)}: sent={total.Sent} accepted={total.Accepted} duplicates={total.Duplicates} failed={total.Failed} rate={rate:0.0} batches/s{HeldBack()}"));
    }

    private string HeldBack() =>
        log.TakeHeldBack() is > 0 and var count
            ? string.Create(CultureInfo.InvariantCulture, $" ({count} device messages not shown)")
            : "";

    private static string Clock(TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours:00}:{elapsed.Minutes:00}:{elapsed.Seconds:00}");
}
