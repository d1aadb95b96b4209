namespace Monitoring.Simulator;

/// <summary>
/// One bedside monitor: every interval it takes a set of vitals and posts them as a numbered batch.
/// </summary>
public sealed class BedsideDevice(
    BedAssignment bed,
    VitalSignsModel vitals,
    MonitoringApiClient api,
    StreamingCounters counters,
    TimeProvider time,
    TextWriter output,
    long firstSequence)
{
    private long _nextSequence = firstSequence;
    private bool _failing;

    public BedAssignment Bed { get; } = bed;

    /// <param name="startOffset">Staggers beds across the interval so they do not all post on the same tick.</param>
    /// <param name="stop">Stops taking new readings.</param>
    /// <param name="abort">Gives up on a batch still in flight (shortly after <paramref name="stop"/>).</param>
    public async Task RunAsync(TimeSpan interval, TimeSpan startOffset, CancellationToken stop, CancellationToken abort)
    {
        try
        {
            await Task.Delay(startOffset, time, stop);
            var started = time.GetTimestamp();
            using var timer = new PeriodicTimer(interval, time);
            do
            {
                await SendBatchAsync(time.GetElapsedTime(started), abort);
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    private async Task SendBatchAsync(TimeSpan elapsed, CancellationToken abort)
    {
        var batch = new ReadingsBatch(_nextSequence++, vitals.Next(elapsed).ToReadings(time.GetUtcNow()));
        counters.RecordSent();
        try
        {
            var (result, outcome) = await api.PostReadingsAsync(Bed.DeviceId, batch, abort);
            counters.Record(result);
            ReportTransition(result == DeliveryResult.Failed, outcome.Describe());
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            counters.Record(DeliveryResult.Failed);
            output.WriteLine($"bed {Bed.BedLabel}: batch {batch.Sequence} abandoned at shutdown");
            throw;
        }
    }

    // Only the start and end of a failure streak are printed, so a down api does not flood the console.
    private void ReportTransition(bool failed, string detail)
    {
        if (failed && !_failing)
        {
            output.WriteLine($"bed {Bed.BedLabel} ({Bed.DeviceId}): readings failing: {detail}");
        }
        else if (!failed && _failing)
        {
            output.WriteLine($"bed {Bed.BedLabel} ({Bed.DeviceId}): readings delivered again");
        }

        _failing = failed;
    }
}
