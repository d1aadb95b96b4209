using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.History;

/// <summary>
/// Rolls the vitals history up into one row per patient, sign and minute (<c>vitals_minutes</c>) and per
/// ten minutes (<c>vitals_ten_minutes</c>, for trends longer than a day): every run takes the batch rows
/// stored since the last one and merges their readings into their minutes and ten minutes (lowest,
/// highest, sum, count, last). Each row is stored once and taken by exactly one run, so the
/// trends equal a plain computation over the readings, a late batch included, and no row is read twice.
/// One silo at a time does it; the others find the work done.
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

    private const string Range = """
        select min(measured_from), max(measured_to) from vitals_batches where stored_at >= $1 and stored_at < $2
        """;

    // Every plausible reading of the rows stored in the window, merged into its minute and its ten minutes:
    // each row is in exactly one window, so each reading is counted once; a late one joins a minute already
    // there. The last value is the greatest [time, value] pair (times to well under a microsecond as
    // float8): no aggregate needs its input sorted, so the grouping can hash. The ten minutes are merged from
    // the window's minutes (every figure merges: lowest, highest, sum, count, last), so both levels always
    // agree. The minutes' key is named by its name since migration 0012 (the previous release's roll-up,
    // naming the old one, fails and leaves these rows to this one).
    private const string Merge = """
        with fresh as (
            select b.patient_id, r.sign, r.value, b.measured_from + coalesce(r.offset_us, 0) * interval '1 microsecond' as at
            from vitals_batches b
            cross join lateral unnest(b.signs, b.sign_values, b.offsets_us, b.plausible) as r(sign, value, offset_us, plausible)
            where b.stored_at >= $1 and b.stored_at < $2 and coalesce(r.plausible, true)
        ),
        minutes as (
            select patient_id, date_trunc('minute', at) as minute, sign, min(value) as low, max(value) as high, sum(value) as total,
                   count(*)::int as readings, (max(array[extract(epoch from at)::float8, value]))[2] as last, max(at) as last_at
            from fresh
            group by patient_id, date_trunc('minute', at), sign
        ),
        tens as (
            insert into vitals_ten_minutes as t (patient_id, starts, sign, low, high, total, readings, last, last_at)
            select patient_id, date_bin(interval '10 minutes', minute, timestamptz '2000-01-01 00:00:00+00'), sign,
                   min(low), max(high), sum(total), sum(readings), (max(array[extract(epoch from last_at)::float8, last]))[2], max(last_at)
            from minutes
            group by patient_id, date_bin(interval '10 minutes', minute, timestamptz '2000-01-01 00:00:00+00'), sign
            on conflict on constraint vitals_ten_minutes_key do update set
                low = least(t.low, excluded.low),
                high = greatest(t.high, excluded.high),
                total = t.total + excluded.total,
                readings = t.readings + excluded.readings,
                last = case when excluded.last_at >= t.last_at then excluded.last else t.last end,
                last_at = greatest(t.last_at, excluded.last_at)
        )
        insert into vitals_minutes as m (patient_id, minute, sign, low, high, total, readings, last, last_at)
        select patient_id, minute, sign, low, high, total, readings, last, last_at
        from minutes
        on conflict on constraint vitals_minutes_by_patient do update set
            low = least(m.low, excluded.low),
            high = greatest(m.high, excluded.high),
            total = m.total + excluded.total,
            readings = m.readings + excluded.readings,
            last = case when excluded.last_at >= m.last_at then excluded.last else m.last end,
            last_at = greatest(m.last_at, excluded.last_at)
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

        var merged = 0;
        if (await MeasuredRangeAsync(connection, from, upTo, cancellationToken) is var (first, last))
        {
            await tables.Minutes.EnsureAsync(tables.Minutes.StartsBetween(first, last), cancellationToken);
            await tables.TenMinutes.EnsureAsync(tables.TenMinutes.StartsBetween(first, last), cancellationToken);
            await using var merge = new NpgsqlCommand(Merge, connection) { Parameters = { new() { Value = from }, new() { Value = upTo } } };
            merged = await merge.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var advance = new NpgsqlCommand("update history_rollups set rolled_up_to = greatest(rolled_up_to, $1) where name = 'vitals_minutes'", connection)
        {
            Parameters = { new() { Value = upTo } },
        };
        await advance.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return merged;
    }

    private static async Task<(DateTimeOffset First, DateTimeOffset Last)?> MeasuredRangeAsync(
        NpgsqlConnection connection, DateTime from, DateTime upTo, CancellationToken cancellationToken)
    {
        await using var range = new NpgsqlCommand(Range, connection) { Parameters = { new() { Value = from }, new() { Value = upTo } } };
        await using var reader = await range.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0)
            ? (reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1))
            : null;
    }

    // A failed run loses nothing: the watermark did not move, and the next run takes the same rows.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.RollupEvery, time, runAtStart: false, RunOnceAsync, outage, Work, LogFailed, stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Minute trends not rolled up this time; the next run takes the same rows")]
    private partial void LogFailed(Exception exception);
}
