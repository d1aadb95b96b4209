using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.History;

/// <summary>
/// Rolls the vitals history up into one row per patient, sign and minute (<c>vitals_minutes</c>) and per
/// ten minutes (<c>vitals_ten_minutes</c>, for trends longer than a day): every run reads the batch rows
/// stored since the last one, sums their readings up here (<see cref="TrendSums"/>: lowest, highest, sum,
/// count, last) and merges those into the minutes and ten minutes already stored, in one transaction with
/// the watermark. Each row is stored once and taken by exactly one run, so the trends equal a plain
/// computation over the readings, a late batch included, and no row is read twice. One silo at a time
/// does it; the others find the work done. The sums are made in the silo because PostgreSQL, unnesting
/// and grouping every reading, spent more on them than on storing the readings (BENCHMARKS.md).
/// </summary>
public sealed partial class MinuteRollup(
    NpgsqlDataSource dataSource, HistoryTables tables, DatabaseOutage outage, IOptions<VitalsHistoryOptions> options, TimeProvider time, ILogger<MinuteRollup> logger)
    : BackgroundService
{
    private const string Work = "vitals_minutes";

    // A row's stored_at is its transaction's start (PostgreSQL's clock), and the row is seen only once that
    // commits. Read before the roll-up's own snapshot: every transaction that started before this instant
    // and is not listed as open has committed (or failed) by then, so the roll-up never passes a row that it
    // cannot see yet. Only this database's clients can write its rows; a long transaction of one (a report)
    // holds the roll-up back until it ends, and loses nothing.
    private const string SafeUpTo = """
        select least(clock_timestamp(), (
            select min(xact_start) from pg_stat_activity
            where datname = current_database() and backend_type = 'client backend' and xact_start is not null and pid <> pg_backend_pid()))
        """;

    private const string Fresh = """
        select patient_id, measured_from, signs, sign_values, offsets_us, plausible
        from vitals_batches where stored_at >= $1 and stored_at < $2
        """;

    // The window's sums merged into what is stored: every figure merges (lowest, highest, sum, count, and
    // the last by its time), so a late batch joins a minute already there. The minutes' key is named by its
    // name since migration 0012 (the previous release's roll-up, naming the old one, fails and leaves these
    // rows to this one).
    private static readonly string MergeMinutes = MergeInto("vitals_minutes", "minute", "vitals_minutes_by_patient");
    private static readonly string MergeTenMinutes = MergeInto("vitals_ten_minutes", "starts", "vitals_ten_minutes_key");

    private static string MergeInto(string table, string startColumn, string key) => $"""
        insert into {table} as t (patient_id, {startColumn}, sign, low, high, total, readings, last, last_at)
        select * from unnest($1::text[], $2::timestamptz[], $3::smallint[], $4::float8[], $5::float8[], $6::float8[], $7::int[], $8::float8[], $9::timestamptz[])
        on conflict on constraint {key} do update set
            low = least(t.low, excluded.low),
            high = greatest(t.high, excluded.high),
            total = t.total + excluded.total,
            readings = t.readings + excluded.readings,
            last = case when excluded.last_at >= t.last_at then excluded.last else t.last end,
            last_at = greatest(t.last_at, excluded.last_at)
        """;

    /// <summary>
    /// Rolls up what was stored since the last run (up to the oldest write still open); returns the minute
    /// rows written, or null when another silo holds the roll-up.
    /// </summary>
    public async Task<int?> RunOnceAsync(CancellationToken cancellationToken)
    {
        DateTime upTo;
        await using (var safe = dataSource.CreateCommand(SafeUpTo))
        {
            upTo = (DateTime)(await safe.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var claim = new NpgsqlCommand("select rolled_up_to from history_rollups where name = 'vitals_minutes' for update skip locked", connection);
        if (await claim.ExecuteScalarAsync(cancellationToken) is not DateTime from)
        {
            return null;
        }

        var minutes = await SumFreshAsync(connection, from, upTo, cancellationToken);
        if (minutes.Count > 0)
        {
            var tens = TrendSums.TenMinutesOf(minutes);
            await tables.Minutes.EnsureAsync(tables.Minutes.StartsBetween(minutes.First, minutes.Last), cancellationToken);
            await tables.TenMinutes.EnsureAsync(tables.TenMinutes.StartsBetween(tens.First, tens.Last), cancellationToken);
            await MergeAsync(connection, MergeTenMinutes, tens, cancellationToken);
            await MergeAsync(connection, MergeMinutes, minutes, cancellationToken);
        }

        await using var advance = new NpgsqlCommand("update history_rollups set rolled_up_to = greatest(rolled_up_to, $1) where name = 'vitals_minutes'", connection)
        {
            Parameters = { new() { Value = upTo } },
        };
        await advance.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return minutes.Count;
    }

    /// <summary>Every plausible reading of the rows stored in the window, summed into its minute.</summary>
    private static async Task<TrendSums> SumFreshAsync(NpgsqlConnection connection, DateTime from, DateTime upTo, CancellationToken cancellationToken)
    {
        var sums = new TrendSums(TimeSpan.FromMinutes(1));
        await using var fresh = new NpgsqlCommand(Fresh, connection) { Parameters = { new() { Value = from }, new() { Value = upTo } } };
        await using var reader = await fresh.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sums.Add(
                reader.GetString(0),
                reader.GetFieldValue<DateTime>(1),
                reader.GetFieldValue<short[]>(2),
                reader.GetFieldValue<double[]>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<int[]>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<bool?[]>(5));
        }

        return sums;
    }

    private static async Task MergeAsync(NpgsqlConnection connection, string sql, TrendSums sums, CancellationToken cancellationToken)
    {
        var columns = sums.Columns();
        await using var merge = new NpgsqlCommand(sql, connection)
        {
            Parameters =
            {
                new() { Value = columns.Patients, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = columns.Starts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                new() { Value = columns.Signs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint },
                new() { Value = columns.Lows, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double },
                new() { Value = columns.Highs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double },
                new() { Value = columns.Totals, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double },
                new() { Value = columns.Readings, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
                new() { Value = columns.Lasts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double },
                new() { Value = columns.LastAts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
            },
        };
        await merge.ExecuteNonQueryAsync(cancellationToken);
    }

    // A failed run loses nothing: the watermark did not move, and the next run takes the same rows.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.RollupEvery, time, runAtStart: false, RunOnceAsync, outage, Work, LogFailed, stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Minute trends not rolled up this time; the next run takes the same rows")]
    private partial void LogFailed(Exception exception);
}
