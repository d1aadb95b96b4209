using Monitoring.Storage;
using Polly;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.History;

/// <summary>
/// Writes the vitals history in batches off the path of the reading: one insert per batch, the rows
/// as binary column arrays, skipping what is already there. A failed batch is retried, with growing
/// pauses, until PostgreSQL takes it; meanwhile the bounded queue fills and ingestion is refused.
/// On shutdown the queue is drained first.
/// </summary>
public sealed partial class PostgresVitalsHistory(
    NpgsqlDataSource dataSource,
    IOptions<VitalsHistoryOptions> options,
    TimeProvider time,
    ILogger<PostgresVitalsHistory> logger) : BackgroundService, IVitalsHistory
{
    private const string InsertBatch = """
        insert into vitals_history (patient_id, source, code, value, unit, measured_at, plausible, received_at)
        select * from unnest($1, $2, $3, $4, $5, $6, $7, $8)
        on conflict on constraint vitals_history_one_per_measurement do nothing
        """;

    private readonly Channel<VitalRecord> _queue = Channel.CreateBounded<VitalRecord>(
        new BoundedChannelOptions(options.Value.Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly ResiliencePipeline _writes = DatabaseResilience.UntilWritten("vitals_history", time, logger);
    private int _queued;

    /// <summary>Readings waiting to be written.</summary>
    public int Depth => Volatile.Read(ref _queued);

    public bool TryAppend(IReadOnlyList<VitalRecord> records)
    {
        // Reserve room for the whole batch first, so that a batch is taken whole or not at all.
        if (Interlocked.Add(ref _queued, records.Count) > options.Value.Capacity)
        {
            Interlocked.Add(ref _queued, -records.Count);
            return false;
        }

        foreach (var record in records)
        {
            // Fails only once shutdown has begun: the sender is refused and resends, and the rows
            // queued before the failure are stored once (the table's key absorbs the resend).
            if (!_queue.Writer.TryWrite(record))
            {
                return false;
            }
        }

        return true;
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<VitalRecord>(options.Value.BatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            using (var window = new CancellationTokenSource(options.Value.FlushInterval, time))
            {
                while (batch.Count < options.Value.BatchSize)
                {
                    if (reader.TryRead(out var record))
                    {
                        batch.Add(record);
                    }
                    else if (!await WaitBrieflyAsync(reader, window.Token))
                    {
                        break;
                    }
                }
            }

            await WriteUntilTakenAsync(batch);
            Interlocked.Add(ref _queued, -batch.Count);
            batch.Clear();
        }
    }

    private static async Task<bool> WaitBrieflyAsync(ChannelReader<VitalRecord> reader, CancellationToken window)
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

    /// <summary>Written however long it takes (see <see cref="DatabaseResilience.UntilWritten"/>); the insert skips what is there.</summary>
    private async Task WriteUntilTakenAsync(List<VitalRecord> batch) =>
        await _writes.ExecuteAsync(async token => await WriteAsync(batch, token), CancellationToken.None);

    /// <summary>
    /// One statement: the batch goes as eight binary arrays, one per column, and is inserted with
    /// what is already there skipped. No staging table, so no catalog churn per batch.
    /// </summary>
    private async Task WriteAsync(List<VitalRecord> batch, CancellationToken cancellationToken)
    {
        var n = batch.Count;
        var (patients, sources, codes, units) = (new string[n], new string[n], new string[n], new string[n]);
        var (values, plausible) = (new double[n], new bool[n]);
        var (measuredAt, receivedAt) = (new DateTime[n], new DateTime[n]);
        for (var i = 0; i < n; i++)
        {
            var record = batch[i];
            (patients[i], sources[i], codes[i], units[i]) = (record.PatientId, record.Source, record.Code, record.Unit);
            (values[i], plausible[i]) = (record.Value, record.Plausible);
            (measuredAt[i], receivedAt[i]) = (record.MeasuredAt.UtcDateTime, record.ReceivedAt.UtcDateTime);
        }

        await using var insert = dataSource.CreateCommand(InsertBatch);
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = patients, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = sources, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = codes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = units, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = measuredAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = plausible, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
        insert.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = receivedAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

}
