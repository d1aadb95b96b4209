using System.Threading.Channels;

namespace Monitoring.Simulator;

/// <summary>
/// One bedside monitor: every interval it takes a set of vitals into its <see cref="StoreAndForwardQueue"/> as a
/// numbered batch, unless its scenario has it disconnected; meanwhile it sends what its queue holds, oldest first,
/// as fast as the backend takes it. It owns the channel and closes it when it stops.
/// </summary>
public sealed class BedsideDevice(
    BedAssignment bed,
    BedScenario scenario,
    VitalSignsModel vitals,
    IReadingsChannel channel,
    StoreAndForwardQueue queue,
    TimeProvider time,
    DeviceEventLog log,
    long firstSequence)
{
    // Written when a batch is queued or the device goes silent or comes back: the sender's cue to look again.
    // One slot: cues given while the sender is busy add up to one more look.
    private readonly Channel<bool> _cue = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private long _nextSequence = firstSequence;
    private volatile bool _silent;

    public BedAssignment Bed { get; } = bed;

    /// <param name="startOffset">Staggers beds across the interval so they do not all send on the same tick.</param>
    /// <param name="stop">Stops taking new readings; the device goes on sending what it holds until <paramref name="abort"/>.</param>
    /// <param name="abort">Gives up on the batches still waiting (shortly after <paramref name="stop"/>); they count as lost.</param>
    public async Task RunAsync(TimeSpan interval, TimeSpan startOffset, CancellationToken stop, CancellationToken abort)
    {
        try
        {
            await Task.Delay(startOffset, time, stop);
            var sending = SendAsync(stop, abort);
            await MeasureAsync(interval, stop);
            _cue.Writer.TryWrite(true);
            await sending;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped before the first reading.
        }
        finally
        {
            await channel.DisposeAsync();
        }
    }

    private async Task MeasureAsync(TimeSpan interval, CancellationToken stop)
    {
        var started = time.GetTimestamp();
        var clock = new MeasurementClock(time);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                var elapsed = time.GetElapsedTime(started);
                if (!IsSilent(elapsed))
                {
                    queue.Add(new MeasuredBatch(_nextSequence++, vitals.Next(elapsed), clock.Next()));
                    _cue.Writer.TryWrite(true);
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    // One batch in flight at a time, so batches arrive in the order they were measured.
    private async Task SendAsync(CancellationToken stop, CancellationToken abort)
    {
        var disconnected = false;
        try
        {
            while (true)
            {
                var silent = _silent;
                if (silent != disconnected)
                {
                    // Here rather than where silence is noticed: the channel is only ever used from this loop.
                    if (silent)
                    {
                        channel.Disconnect();
                    }

                    disconnected = silent;
                }

                if (stop.IsCancellationRequested && (silent || queue.Waiting == 0))
                {
                    break;
                }

                if (silent || queue.Waiting == 0)
                {
                    await WaitForCueAsync(stop);
                    continue;
                }

                if (queue.ResendIn is var wait && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, abort);
                    continue;
                }

                await queue.ForwardDueAsync(abort);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Out of time at shutdown.
        }

        queue.Abandon();
    }

    private async Task WaitForCueAsync(CancellationToken stop)
    {
        try
        {
            await _cue.Reader.ReadAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: one more look at the queue decides whether anything is left to send.
        }
    }

    // A disconnecting device sends nothing and measures nothing (no sequence used) until the gap is over.
    private bool IsSilent(TimeSpan elapsed)
    {
        var silent = scenario.IsSilent(elapsed);
        if (silent != _silent)
        {
            log.Write(silent
                ? $"bed {Bed.BedLabel} ({Bed.DeviceId}): disconnected ({scenario.Name} scenario), sending nothing"
                : $"bed {Bed.BedLabel} ({Bed.DeviceId}): reconnected, streaming again");
            _silent = silent;
            _cue.Writer.TryWrite(true);
        }

        return silent;
    }
}
