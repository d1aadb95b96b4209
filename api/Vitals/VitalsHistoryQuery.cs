using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Api.Vitals;

/// <summary>Reads the stored history of a patient's vitals (sensor faults left out).</summary>
public sealed class VitalsHistoryQuery(NpgsqlDataSource dataSource)
{
    /// <summary>At most this many readings per answer, the oldest first.</summary>
    public const int Limit = 10_000;

    /// <summary>At most this many trend points per answer: a whole range of every sign (<see cref="TrendStep"/>).</summary>
    public static readonly int TrendLimit = TrendStep.MaxPointsPerSign * Monitoring.Vitals.VitalSignCatalog.Codes.Count();

    public async Task<IReadOnlyList<StoredReading>> ReadAsync(string patientId, string? code, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // Rows of vitals_batches start at most LongestRowSpan before the first reading they may hold; the
        // rows of vitals_history are those of the previous release not yet moved.
        await using var command = dataSource.CreateCommand(
            $"""
            select code, value, unit, measured_at, source from (
                select s.code, r.value, s.unit, b.source, coalesce(r.plausible, true) as plausible,
                       b.measured_from + coalesce(r.offset_us, 0) * interval '1 microsecond' as measured_at
                from vitals_batches b
                cross join lateral unnest(b.signs, b.sign_values, b.offsets_us, b.plausible) as r(sign, value, offset_us, plausible)
                join vital_signs s on s.id = r.sign
                where b.patient_id = $1 and b.measured_from >= $5 and b.measured_from <= $4
                union all
                select code, value, unit, source, plausible, measured_at from vitals_history
                where patient_id = $1 and measured_at >= $3 and measured_at <= $4
            ) readings
            where ($2::text is null or code = $2) and measured_at >= $3 and measured_at <= $4 and plausible
            order by measured_at, code
            limit {Limit}
            """);
        AddRange(command, patientId, code, from, to);
        command.Parameters.Add(new NpgsqlParameter { Value = (from.UtcTicks > VitalsHistoryLayout.LongestRowSpan.Ticks ? from - VitalsHistoryLayout.LongestRowSpan : from).UtcDateTime });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var readings = new List<StoredReading>();
        while (await reader.ReadAsync(cancellationToken))
        {
            readings.Add(new StoredReading(reader.GetString(0), reader.GetDouble(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }

        return readings;
    }

    // A point a minute: the minutes as stored, read from the key alone.
    private static readonly string EveryMinute = $"""
        select s.code, m.minute, m.total / m.readings, m.low, m.high, m.last, m.readings, s.unit
        from vitals_minutes m join vital_signs s on s.id = m.sign
        where m.patient_id = $1 and ($2::text is null or s.code = $2) and m.minute >= $3 and m.minute <= $4
        order by m.minute, s.code
        limit {TrendLimit}
        """;

    // Points of $5 minutes merged from the rows of a table of minutes or of ten minutes (whose start is the
    // column named); a point takes every row starting in it.
    private static string Points(string table, string starts) => $"""
        with points as (
            select s.code, s.unit, date_bin(make_interval(mins => $5), m.{starts}, timestamptz '2000-01-01 00:00:00+00') as at,
                   m.total, m.low, m.high, m.last, m.last_at, m.readings
            from {table} m join vital_signs s on s.id = m.sign
            where m.patient_id = $1 and ($2::text is null or s.code = $2)
              and m.{starts} >= date_bin(make_interval(mins => $5), $3::timestamptz, timestamptz '2000-01-01 00:00:00+00') and m.{starts} <= $4
        )
        select code, at, sum(total) / sum(readings), min(low), max(high), (max(array[extract(epoch from last_at)::float8, last]))[2], sum(readings)::int, unit
        from points
        group by code, unit, at
        order by at, code
        limit {TrendLimit}
        """;

    private static readonly string FromMinutes = Points("vitals_minutes", "minute");
    private static readonly string FromTenMinutes = Points("vitals_ten_minutes", "starts");

    /// <summary>
    /// From the minute trends, one point per sign and <paramref name="minutesPerPoint"/> minutes (aligned to
    /// UTC midnight), at most <see cref="TrendLimit"/>, the oldest first: the mean of the readings in it,
    /// the lowest, the highest, the last and how many. Points of ten minutes or more are merged from the
    /// ten-minute aggregates (a tenth of the rows to read); a point a minute is a minute as stored.
    /// </summary>
    public async Task<IReadOnlyList<MinuteTrend>> ReadMinutesAsync(
        string patientId, string? code, DateTimeOffset from, DateTimeOffset to, int minutesPerPoint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(minutesPerPoint switch
        {
            1 => EveryMinute,
            _ when minutesPerPoint % 10 == 0 => FromTenMinutes,
            _ => FromMinutes,
        });
        AddRange(command, patientId, code, from, to);
        if (minutesPerPoint != 1)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = minutesPerPoint });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var minutes = new List<MinuteTrend>();
        while (await reader.ReadAsync(cancellationToken))
        {
            minutes.Add(new MinuteTrend(
                reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.GetDouble(5), reader.GetInt32(6), reader.GetString(7)));
        }

        return minutes;
    }

    /// <summary>$1 to $4 of both queries: the patient, the sign (or every sign) and the range.</summary>
    private static void AddRange(NpgsqlCommand command, string patientId, string? code, DateTimeOffset from, DateTimeOffset to)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)code ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = to.UtcDateTime });
    }
}
