using Monitoring.Storage;
using Polly;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Monitoring.History;

/// <summary>
/// Writes the vitals history in groups: one row per batch of readings (<see cref="VitalsRow"/>), many
/// rows per binary COPY into <c>vitals_batches</c>. A reading is answered once its batch is committed (group commit),
/// so a silo that dies loses nothing it accepted. While PostgreSQL is out (<see cref="DatabaseOutage"/>,
/// which this writer's own failures and stalls also open), readings are answered once buffered, and
/// so they are until what was buffered meanwhile is written; batches are tried again when the outage
/// ends. The bounded queue fills and, when it is full, ingestion is refused. On shutdown the queue is drained.
/// </summary>
public sealed partial class PostgresVitalsHistory(
    NpgsqlDataSource dataSource,
    HistoryTables tables,
    VitalSignIds signIds,
    DatabaseOutage outage,
    IOptions<VitalsHistoryOptions> options,
    TimeProvider time,
    ILogger<PostgresVitalsHistory> logger) : BackgroundService, IVitalsHistory
{
    private const string Write = "vitals_history";
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    // How many quiet moments long a silence must be to write a batch holding fewer calls than the last one.
    private const int SilenceOfAnIncompleteBatch = 10;

    private readonly Channel<PendingRows> _queue = Channel.CreateUnbounded<PendingRows>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ResiliencePipeline _attempt = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(AttemptTimeout).Build();
    private int _queued;
    private int _bufferedInOutage;

    // How many calls the last batch taken held (see FillAsync).
    private int _lastBatchCalls;

    /// <summary>Readings waiting to be written.</summary>
    public int Depth => Volatile.Read(ref _queued);

    public Task? TryAppend(IReadOnlyList<VitalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return TryReserve(records.Count)?.Append(records);
    }

    public HistoryRoom? TryReserve(int readings)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(readings);

        // Room for the whole batch first, so that a batch is taken whole or not at all.
        if (Interlocked.Add(ref _queued, readings) > options.Value.Capacity)
        {
            Interlocked.Add(ref _queued, -readings);
            return null;
        }

        return new HistoryRoom(readings, Append, held => Interlocked.Add(ref _queued, -held));
    }

    private Task? Append(IReadOnlyList<VitalRecord> records, int held, bool soon)
    {
        Interlocked.Add(ref _queued, records.Count - held);

        // While PostgreSQL is out, and until what was buffered then is written (these readings would wait
        // behind it), a reading is answered once it is in the buffer.
        var inOutage = outage.IsOpen;
        var buffered = inOutage ? records.Count : 0;
        Interlocked.Add(ref _bufferedInOutage, buffered);
        var stored = inOutage || Volatile.Read(ref _bufferedInOutage) > 0 ? null : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new PendingRows(VitalsRows.From(records), records.Count, stored, buffered, soon ? time.GetUtcNow() : null)))
        {
            // Shutdown has begun: the sender is refused and resends to the silo that stays.
            Interlocked.Add(ref _queued, -records.Count);
            Interlocked.Add(ref _bufferedInOutage, -buffered);
            return null;
        }

        // A reading waiting for its commit is answered from the buffer as soon as an outage begins.
        return stored is null ? Task.CompletedTask : Task.WhenAny(stored.Task, outage.WhenOpened);
    }

    /// <summary>Stops taking readings, then writes everything queued before returning.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (ExecuteTask is { } draining)
        {
            await draining.WaitAsync(cancellationToken);
        }

        await base.StopAsync(cancellationToken);
    }

    /// <summary>
    /// Up to <see cref="VitalsHistoryOptions.ConcurrentWrites"/> batches are written at once, so a
    /// reading waits for about one insert, not for a queue of them. A batch is filled only once a
    /// write slot is free: under load it holds everything that came in meanwhile.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writing = new List<Task>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            writing.RemoveAll(w => w.IsCompleted);
            if (writing.Count >= options.Value.ConcurrentWrites)
            {
                await Task.WhenAny(writing);
                continue;
            }

            var batch = new WriteBatch(options.Value.BatchSize / 4);
            await FillAsync(batch, reader);
            writing.Add(WriteAndAnswerAsync(batch));
        }

        await Task.WhenAll(writing);
    }

    /// <summary>
    /// Takes what is queued, up to a batch: for at most the flush interval, and only while readings keep
    /// coming. A quiet moment (<see cref="VitalsHistoryOptions.FlushWhenQuietFor"/>) can mean that every
    /// sender that could is now waiting on this batch (a gateway's one MLLP connection sends its next message
    /// only once answered, and so does a closed loop of requests), and waiting longer would only slow them.
    /// It can also be a ward's independent devices falling silent for a few milliseconds, as they do when
    /// the two cores are busy elsewhere; writing then made COPYs of a few dozen rows, each with a fixed cost
    /// in PostgreSQL. The two differ in who has come back: a closed loop's senders have all sent again, so
    /// the batch holds as many calls as the last one written. A quiet moment therefore writes the batch when
    /// it holds at least that many; short of it, only a silence ten times as long does, so a sender that went
    /// away holds the others back for that long once. A ward streaming at 1 Hz fills its batches for the
    /// whole interval. A sender in the ward that holds back other devices' readings until answered (a
    /// gateway's one MLLP connection carrying many devices: <c>ReadingBatch.HoldsBackOthers</c>) would then
    /// carry ten messages a second at most; a batch holding its readings is written within that long silence
    /// of their arrival instead.
    /// </summary>
    private async Task FillAsync(WriteBatch batch, ChannelReader<PendingRows> reader)
    {
        var settings = options.Value;
        if (settings.FlushInterval == TimeSpan.Zero || settings.FlushWhenQuietFor == TimeSpan.Zero)
        {
            while (batch.Readings < settings.BatchSize && reader.TryRead(out var queued))
            {
                batch.Add(queued);
            }

            return;
        }

        // One timer, set again before each wait: to the quiet moment, or to what is left of the interval.
        var closesAt = time.GetUtcNow() + settings.FlushInterval;
        var silence = settings.FlushWhenQuietFor * SilenceOfAnIncompleteBatch;
        using var wait = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        try
        {
            while (batch.Readings < settings.BatchSize)
            {
                if (reader.TryRead(out var append))
                {
                    batch.Add(append);
                    continue;
                }

                // A sender that holds back other devices' readings until answered waits at most the long silence.
                var closes = batch.WantedSoonFrom is { } from && from + silence < closesAt ? from + silence : closesAt;
                var left = closes - time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    return;
                }

                var quiet = batch.Calls >= _lastBatchCalls ? settings.FlushWhenQuietFor : silence;
                wait.CancelAfter(left < quiet ? left : quiet);
                if (!await WaitBrieflyAsync(reader, wait.Token))
                {
                    return;
                }
            }
        }
        finally
        {
            _lastBatchCalls = batch.Calls;
        }
    }

    /// <summary>
    /// Writes the batch and answers its readings. A commit slower than
    /// <see cref="VitalsHistoryOptions.AcknowledgeWithin"/> means PostgreSQL is out or stalled: the outage
    /// begins, and the readings waiting are answered from the buffer.
    /// </summary>
    private async Task WriteAndAnswerAsync(WriteBatch batch)
    {
        var write = WriteUntilTakenAsync(batch.Rows);
        if (!write.IsCompleted && batch.HasWaiting && !outage.IsOpen)
        {
            try
            {
                await Task.WhenAny(write, outage.WhenOpened).WaitAsync(options.Value.AcknowledgeWithin, time);
            }
            catch (TimeoutException)
            {
                outage.ReportFailure(Write, new TimeoutException($"A vitals history batch was not committed within {options.Value.AcknowledgeWithin.TotalSeconds:0.#} s."));
            }
        }

        await write;
        Interlocked.Add(ref _queued, -batch.Readings);
        Interlocked.Add(ref _bufferedInOutage, -batch.BufferedInOutage);
        batch.Answer();
    }

    private static async Task<bool> WaitBrieflyAsync(ChannelReader<PendingRows> reader, CancellationToken window)
    {
        try
        {
            return await reader.WaitToReadAsync(window);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Written however long it takes; the insert skips what is there. Each failed attempt is reported to
    /// the outage; while it lasts, the next attempt waits for the probe to find PostgreSQL again (at most
    /// a pause growing to 5 s) rather than hammering it.
    /// </summary>
    private async Task WriteUntilTakenAsync(List<VitalsRow> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            var startedAt = time.GetUtcNow();
            try
            {
                await _attempt.ExecuteAsync(async token => await WriteAsync(batch, token), CancellationToken.None);
                outage.ReportSuccess(startedAt);
                return;
            }
            catch (Exception exception) when (Outages.IsDatabaseOutage(exception))
            {
                outage.ReportFailure(Write, exception);
                var pause = Pause(attempt);
                await DatabaseResilience.Failed(Write, logger, exception, attempt, pause);
                await (outage.IsOpen ? outage.WaitForCloseAsync(pause) : Task.Delay(pause, time));
            }
            catch (Exception exception)
            {
                // Not an outage (a driver error on a connection cut mid-write, a bug): these readings were
                // accepted, so they are never dropped. Said, and tried again; if it never passes, the queue
                // fills and new readings are refused (503), which is seen, rather than lost, which is not.
                LogWriteFailed(exception, batch.Count, attempt);
                await Task.Delay(Pause(attempt), time);
            }
        }
    }

    /// <summary>Exponential from 100 ms to at most 5 s, with jitter so that the writers do not retry in step.</summary>
    [LoggerMessage(Level = LogLevel.Error, Message = "Vitals history: {Rows} batch rows not written (attempt {Attempt}); kept and tried again")]
    private partial void LogWriteFailed(Exception exception, int rows, int attempt);

    private static TimeSpan Pause(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(LongestPause.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(attempt, 16))) * (0.5 + (Random.Shared.NextDouble() / 2)));

    /// <summary>
    /// One binary COPY of every row, in one transaction, after making sure each row's partition exists.
    /// COPY cannot skip a row already stored; when one is (a batch written twice), the rows go again one
    /// by one, skipping it.
    /// </summary>
    private async Task WriteAsync(List<VitalsRow> rows, CancellationToken cancellationToken)
    {
        var signs = await signIds.IdsAsync(rows, cancellationToken);
        // A partition dropped meanwhile by another silo's retention (a late batch dated in it) is made again.
        await tables.Vitals.WriteAsync([.. rows.Select(r => r.MeasuredFrom)], async token =>
        {
            try
            {
                await WriteInTransactionAsync(VitalsBatchCopy.CopyAsync, rows, signs, token);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await WriteInTransactionAsync(VitalsBatchCopy.InsertSkippingStoredAsync, rows, signs, token);
            }
        }, cancellationToken);
    }

    private async Task WriteInTransactionAsync(
        Func<NpgsqlConnection, IReadOnlyList<VitalsRow>, short[][], CancellationToken, Task> write,
        List<VitalsRow> rows,
        short[][] signs,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await write(connection, rows, signs, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
