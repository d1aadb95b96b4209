using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using Monitoring.Ingestion;
using Monitoring.Telemetry;

namespace Monitoring.Api.Streams;

/// <summary>
/// The batches of every stream on this host (devices' and gateways'), sent to the cluster together: what came in
/// within <see cref="Gather"/> of the first, or while <see cref="MostCallsAtOnce"/> calls were under way, goes in
/// one call (<see cref="IGatewayIngestGrain"/>, at most <see cref="MostInOneCall"/>), which hands each to its
/// device grain on the silo. A batch then costs one message
/// between the api and the silo among many, not a request and an answer of its own. Each batch keeps its own
/// answer and its own trace. Once the host is stopping, batches go one call each, as they did before.
/// </summary>
public sealed class StreamIngest(IGrainFactory grains, TimeProvider time) : BackgroundService
{
    /// <summary>How long the first batch waits for others to go with it.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(2);

    /// <summary>The most batches in one call.</summary>
    public const int MostInOneCall = 256;

    /// <summary>
    /// The most calls under way at once. A call lasts until its batches are committed (up to the history's flush
    /// interval), mostly waiting; past this many, batches gather here into fuller calls instead of flooding an
    /// overloaded silo with more, and the streams' windows hold their senders back.
    /// </summary>
    public const int MostCallsAtOnce = 8;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<Task> _sending = [];
    private readonly SemaphoreSlim _calls = new(MostCallsAtOnce, MostCallsAtOnce);

    /// <summary>Gives the batch to its device, with others: its answer, or the failure of the call that carried it.</summary>
    public Task<IngestResult> IngestAsync(string deviceId, ReadingBatch batch)
    {
        var pending = new Pending(new DeviceReadingBatch(deviceId, batch, Activity.Current?.Id), new TaskCompletionSource<IngestResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending) ? pending.Answer.Task : grains.GetDevice(deviceId).IngestAsync(batch);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        Task[] sending;
        lock (_sending)
        {
            sending = [.. _sending];
        }

        await Task.WhenAll(sending).WaitAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _calls.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            await Task.Delay(Gather, time, CancellationToken.None);
            await _calls.WaitAsync(CancellationToken.None);
            var taken = new List<Pending>();
            while (taken.Count < MostInOneCall && reader.TryRead(out var pending))
            {
                taken.Add(pending);
            }

            var sending = SendAsync(taken);
            lock (_sending)
            {
                _sending.Add(sending);
            }

            _ = sending.ContinueWith(
                done =>
                {
                    lock (_sending)
                    {
                        _sending.Remove(done);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task SendAsync(List<Pending> taken)
    {
        // The call belongs to no batch's trace: each batch carries its own to the silo.
        Activity.Current = null;
        try
        {
            var batches = ImmutableArray.CreateBuilder<DeviceReadingBatch>(taken.Count);
            foreach (var pending in taken)
            {
                batches.Add(pending.Batch);
            }

            MonitoringTelemetry.StreamBatchesPerCall.Record(taken.Count);
            var results = await grains.GetGrain<IGatewayIngestGrain>(0).IngestAsync(batches.MoveToImmutable());
            for (var i = 0; i < taken.Count; i++)
            {
                taken[i].Answer.TrySetResult(results[i]);
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in taken)
            {
                pending.Answer.TrySetException(exception);
            }
        }
        finally
        {
            _calls.Release();
        }
    }

    private sealed record Pending(DeviceReadingBatch Batch, TaskCompletionSource<IngestResult> Answer);
}
