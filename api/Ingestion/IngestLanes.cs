using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using Monitoring.Ingestion;
using Monitoring.Storage;
using Monitoring.Telemetry;

namespace Monitoring.Api.Ingestion;

/// <summary>
/// How this host gives devices' batches to the cluster, whichever way they came (a request, a device's or a
/// gateway's stream, an MLLP connection): what arrives within <see cref="Gather"/> of the first goes in one call
/// along one of <see cref="Lanes"/> lanes (<see cref="IIngestLaneGrain"/>), at most <see cref="MostInOneCall"/>,
/// and each batch gets its own answer as soon as its own device has answered. A batch then costs a share of a
/// message between this host and the silo, not a request and an answer of its own, and a device that is slow holds
/// back nobody else's answer.
/// </summary>
/// <remarks>
/// At most <see cref="MostUnanswered"/> batches wait for their answers at once; past that, batches gather here into
/// fuller calls instead of flooding an overloaded silo with more. A call that fails answers each of its batches not yet
/// answered with its failure (a 503 or a stream's "send it again", never "taken"). Once the host is stopping, what
/// comes in goes in a call of its own.
/// </remarks>
public sealed class IngestLanes(IGrainFactory grains, TimeProvider time) : BackgroundService
{
    /// <summary>How long the first batch waits for others to go with it.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(2);

    /// <summary>The most batches in one call.</summary>
    public const int MostInOneCall = 256;

    /// <summary>The most batches given to the cluster and not yet answered.</summary>
    public const int MostUnanswered = 2048;

    /// <summary>The lanes' grains, used in turn: their activations may live on different silos.</summary>
    public const int Lanes = 8;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _room = new(MostUnanswered, MostUnanswered);
    private readonly HashSet<Task> _calls = [];
    private int _lane;

    /// <summary>Batches given to the cluster and not yet answered (also on <c>/metrics</c>, <c>monitoring.ingest.unanswered</c>).</summary>
    public int Unanswered => MostUnanswered - _room.CurrentCount;

    /// <summary>
    /// The batch's answer from its device; it fails as a call to the device would (a <see cref="BatchNotTakenException"/>
    /// or the call's own exception) when the cluster did not answer for it.
    /// </summary>
    public Task<IngestResult> IngestAsync(string deviceId, ReadingBatch batch)
    {
        var pending = new Pending(new DeviceReadingBatch(deviceId, batch, Activity.Current?.Id));
        return _queue.Writer.TryWrite(pending) ? pending.Answer.Task : grains.GetDevice(deviceId).IngestAsync(batch);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        Task[] calls;
        lock (_calls)
        {
            calls = [.. _calls];
        }

        await Task.WhenAll(calls).WaitAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _room.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        MonitoringTelemetry.ObserveIngestUnanswered(() => Unanswered);

        // Not stopped by the token: StopAsync completes the queue, and what is in it still goes.
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            await _room.WaitAsync(CancellationToken.None);
            await Task.Delay(Gather, time, CancellationToken.None);

            // Room for each batch before it is taken; the room held for a batch that is not there is given back.
            var taken = new List<Pending>();
            var room = true;
            while (room && taken.Count < MostInOneCall && reader.TryRead(out var pending))
            {
                taken.Add(pending);
                room = _room.Wait(0, CancellationToken.None);
            }

            if (room)
            {
                _room.Release();
            }

            if (taken.Count == 0)
            {
                continue;
            }

            var call = SendAsync(taken, _lane++ % Lanes);
            lock (_calls)
            {
                _calls.Add(call);
            }

            _ = call.ContinueWith(
                done =>
                {
                    lock (_calls)
                    {
                        _calls.Remove(done);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>Never throws: every batch taken is answered, or failed, exactly once, and gives back its room.</summary>
    private async Task SendAsync(List<Pending> taken, int lane)
    {
        // The call belongs to no batch's trace: each batch carries its own to the silo.
        Activity.Current = null;
        Exception? failure = null;
        try
        {
            var batches = ImmutableArray.CreateBuilder<DeviceReadingBatch>(taken.Count);
            foreach (var pending in taken)
            {
                batches.Add(pending.Batch);
            }

            MonitoringTelemetry.IngestBatchesPerCall.Record(taken.Count);
            await foreach (var answer in grains.GetGrain<IIngestLaneGrain>(lane).IngestAsync(batches.MoveToImmutable()).WithBatchSize(MostInOneCall))
            {
                if (answer.Index >= 0 && answer.Index < taken.Count)
                {
                    Answer(taken[answer.Index], answer.Result, answer.Result is null ? new BatchNotTakenException(answer.Failure ?? FailureKind.ClusterUnavailable) : null);
                }
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The silo went, the call timed out, or the lane's activation forgot the call: the batches not yet answered
            // are failed as a call to their devices would have failed.
            failure = exception is EnumerationAbortedException
                ? new BatchNotTakenException("The call ended before every batch in it was answered; send it again.", exception)
                : exception;
        }

        foreach (var pending in taken)
        {
            Answer(pending, null, failure ?? new BatchNotTakenException("The cluster did not answer for this batch; send it again."));
        }
    }

    private void Answer(Pending pending, IngestResult? result, Exception? failure)
    {
        if (Interlocked.Exchange(ref pending.Answered, 1) != 0)
        {
            return;
        }

        _room.Release();
        if (result is not null)
        {
            pending.Answer.TrySetResult(result);
        }
        else
        {
            pending.Answer.TrySetException(failure!);
        }
    }

    private sealed class Pending(DeviceReadingBatch batch)
    {
        public int Answered;

        public DeviceReadingBatch Batch { get; } = batch;

        public TaskCompletionSource<IngestResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
