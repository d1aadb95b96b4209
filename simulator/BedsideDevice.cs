namespace Monitoring.Simulator;

/// <summary>
/// One bedside monitor: every interval it takes a set of vitals and sends them as a numbered batch over its
/// channel, unless its scenario has it disconnected. It owns the channel and closes it when it stops.
/// </summary>
public sealed class BedsideDevice(
    BedAssignment bed,
    BedScenario scenario,
    VitalSignsModel vitals,
    IReadingsChannel channel,
    StreamingCounters counters,
    TimeProvider time,
    DeviceEventLog log,
    long firstSequence)
{
    private long _nextSequence = firstSequence;
    private bool _failing;
    private bool _silent;

    public BedAssignment Bed { get; } = bed;

    /// <param name="startOffset">Staggers beds across the interval so they do not all send on the same tick.</param>
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
                var elapsed = time.GetElapsedTime(started);
                if (!IsSilent(elapsed))
                {
                    await SendBatchAsync(elapsed, abort);
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Normal shutdown.
        }
        finally
        {
            await channel.DisposeAsync();
        }
    }

    private async Task SendBatchAsync(TimeSpan elapsed, CancellationToken abort)
    {
        var sequence = _nextSequence++;
        var sample = vitals.Next(elapsed);
        counters.RecordSent();
        try
        {
            var report = await channel.SendAsync(sequence, sample, time.GetUtcNow(), abort);
            counters.Record(report.Result);
            ReportTransition(report);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            counters.Record(DeliveryResult.Failed);
            log.Write($"bed {Bed.BedLabel}: batch {sequence} abandoned at shutdown");
            throw;
        }
    }

    // A disconnecting device drops its connection and sends nothing (no sequence used) until the gap is over.
    private bool IsSilent(TimeSpan elapsed)
    {
        var silent = scenario.IsSilent(elapsed);
        if (silent && !_silent)
        {
            channel.Disconnect();
            log.Write($"bed {Bed.BedLabel} ({Bed.DeviceId}): disconnected ({scenario.Name} scenario), sending nothing");
        }
        else if (!silent && _silent)
        {
            log.Write($"bed {Bed.BedLabel} ({Bed.DeviceId}): reconnected, streaming again");
        }

        _silent = silent;
        return silent;
    }

    // Only the start and end of a failure streak are printed, so a down backend does not flood the console.
    private void ReportTransition(DeliveryReport report)
    {
        var failed = report.Result == DeliveryResult.Failed;
        if (failed && !_failing)
        {
            log.Write($"bed {Bed.BedLabel} ({Bed.DeviceId}): readings failing: {report.Problem}");
        }
        else if (!failed && _failing)
        {
            log.Write($"bed {Bed.BedLabel} ({Bed.DeviceId}): readings delivered again");
        }

        _failing = failed;
    }
}
