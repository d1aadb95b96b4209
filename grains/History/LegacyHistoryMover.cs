using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.History;

/// <summary>
/// Moves the readings of the old one-row-per-reading <c>vitals_history</c> into <c>vitals_batches</c>, a
/// chunk per transaction (taken, rewritten as batch rows and deleted together, so every reading is in
/// exactly one of the two at any moment). Small chunks with pauses between them keep it out of the way of
/// live ingestion; several silos share the work (a chunk's rows are locked, others skip them). Once the
/// table is empty it looks again now and then, for silos of the previous release still writing to it
/// during a rolling upgrade.
/// </summary>
public sealed partial class LegacyHistoryMover(
    NpgsqlDataSource dataSource, HistoryTables tables, VitalSignIds signIds, TimeProvider time, ILogger<LegacyHistoryMover> logger)
    : BackgroundService
{
    /// <summary>Readings per transaction: a few hundred milliseconds of work.</summary>
    public const int DefaultChunk = 5_000;

    private static readonly TimeSpan BetweenChunks = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan WhenEmpty = TimeSpan.FromMinutes(5);

    private const string TakeChunk = """
        with chunk as (select ctid from vitals_history limit $1 for update skip locked)
        delete from vitals_history v using chunk where v.ctid = chunk.ctid
        returning v.patient_id, v.source, v.code, v.value, v.measured_at, v.plausible, v.received_at
        """;

    /// <summary>Moves one chunk; returns how many readings it moved (0: nothing left that is not being moved).</summary>
    public async Task<int> MoveChunkAsync(int readings, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var records = new List<VitalRecord>(readings);
        await using (var take = new NpgsqlCommand(TakeChunk, connection) { Parameters = { new() { Value = readings } } })
        await using (var reader = await take.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(new VitalRecord(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5), reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }

        if (records.Count == 0)
        {
            return 0;
        }

        var rows = VitalsRows.From(records);
        await tables.Vitals.EnsureAsync(rows.Select(r => r.MeasuredFrom), cancellationToken);
        await VitalsBatchCopy.InsertSkippingStoredAsync(connection, rows, await signIds.IdsAsync(rows, cancellationToken), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return records.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var moved = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            var pause = BetweenChunks;
            try
            {
                var chunk = await MoveChunkAsync(DefaultChunk, stoppingToken);
                if (chunk == 0)
                {
                    if (moved > 0)
                    {
                        LogMoved(moved);
                    }

                    (moved, pause) = (0, WhenEmpty);
                }

                moved += chunk;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                return; // a later release dropped the old table: nothing will ever be left to move
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(exception);
                pause = WhenEmpty / 5;
            }

            await Task.Delay(pause, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Readings} readings of the old vitals history to vitals_batches")]
    private partial void LogMoved(long readings);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Old vitals history not moved this time; trying again in a minute")]
    private partial void LogFailed(Exception exception);
}
