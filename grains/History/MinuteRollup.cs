using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.History;

/// <summary>
/// Rolls the vitals history up into one row per patient, sign and minute (<c>vitals_minutes</c>): every
/// run takes the batch rows stored since the last one and recomputes, from all the readings now stored,
/// each minute they touch. So a late batch corrects its minutes, and the aggregates always equal a plain
/// computation over the readings. One silo at a time does it; the others find the work done.
/// </summary>
public sealed partial class MinuteRollup(
    NpgsqlDataSource dataSource, HistoryTables tables, DatabaseOutage outage, IOptions<VitalsHistoryOptions> options, TimeProvider time, ILogger<MinuteRollup> logger)
    : BackgroundService
{
    private const string Work = "vitals_minutes";

    // A row's stored_at is its transaction's start (PostgreSQL's clock), and the row is seen only once that
    // commits. Read before the roll-up's own snapshot: every transaction that started before this instant
    // and is not listed as open has committed (or failed) by then, so the roll-up never passes a row that it
    // cannot see yet.
    private const string SafeUpTo = """
        select least(clock_timestamp(), (select min(xact_start) from pg_stat_activity where xact_start is not null and pid <> pg_backend_pid()))
        """;

    private const string Touched = """
        select distinct b.patient_id, m.minute
        from vitals_batches b
        cross join lateral generate_series(date_trunc('minute', b.measured_from), date_trunc('minute', b.measured_to), interval '1 minute') as m(minute)
        where b.stored_at >= $1 and b.stored_at < $2
        """;

    // Each touched minute from every reading stored for it: rows starting up to LongestRowSpan before it.
    private const string Recompute = """
        with touched as (select * from unnest($1::text[], $2::timestamptz[]) as t(patient_id, minute)),
        readings as (
            select t.patient_id, t.minute, r.sign, r.value, b.measured_from + coalesce(r.offset_us, 0) * interval '1 microsecond' as at
            from touched t
            join vitals_batches b on b.patient_id = t.patient_id and b.measured_from >= t.minute - $3::interval and b.measured_from < t.minute + interval '1 minute'
            cross join lateral unnest(b.signs, b.sign_values, b.offsets_us, b.plausible) as r(sign, value, offset_us, plausible)
            where coalesce(r.plausible, true)
        )
        insert into vitals_minutes (patient_id, minute, sign, low, high, mean, last, readings)
        select patient_id, minute, sign, min(value), max(value), avg(value), (array_agg(value order by at desc))[1], count(*)
        from readings
        where at >= minute and at < minute + interval '1 minute'
        group by patient_id, minute, sign
        on conflict on constraint vitals_minutes_key do update
            set low = excluded.low, high = excluded.high, mean = excluded.mean, last = excluded.last, readings = excluded.readings
        """;

    /// <summary>
    /// Rolls up what was stored since the last run (up to the oldest write still open); returns the minutes
    /// recomputed, or null when another silo holds the roll-up.
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

        var (patients, minutes) = await TouchedAsync(connection, from, upTo, cancellationToken);
        if (patients.Count > 0)
        {
            await tables.Minutes.EnsureAsync(minutes.Select(m => new DateTimeOffset(m, TimeSpan.Zero)), cancellationToken);
            await using var recompute = new NpgsqlCommand(Recompute, connection)
            {
                Parameters = { new() { Value = patients.ToArray() }, new() { Value = minutes.ToArray() }, new() { Value = VitalsHistoryLayout.LongestRowSpan } },
            };
            await recompute.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var advance = new NpgsqlCommand("update history_rollups set rolled_up_to = greatest(rolled_up_to, $1) where name = 'vitals_minutes'", connection)
        {
            Parameters = { new() { Value = upTo } },
        };
        await advance.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return patients.Count;
    }

    private static async Task<(List<string> Patients, List<DateTime> Minutes)> TouchedAsync(
        NpgsqlConnection connection, DateTime from, DateTime upTo, CancellationToken cancellationToken)
    {
        await using var touched = new NpgsqlCommand(Touched, connection) { Parameters = { new() { Value = from }, new() { Value = upTo } } };
        await using var reader = await touched.ExecuteReaderAsync(cancellationToken);
        var (patients, minutes) = (new List<string>(), new List<DateTime>());
        while (await reader.ReadAsync(cancellationToken))
        {
            patients.Add(reader.GetString(0));
            minutes.Add(reader.GetDateTime(1));
        }

        return (patients, minutes);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RollupEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Nothing is lost: the watermark did not move, and the next run takes the same rows.
                outage.ReportFailure(Work, exception);
                LogFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Minute trends not rolled up this time; the next run takes the same rows")]
    private partial void LogFailed(Exception exception);
}
