using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Api.Vitals;

/// <summary>Reads the stored history of a patient's vitals (sensor faults left out).</summary>
public sealed class VitalsHistoryQuery(NpgsqlDataSource dataSource)
{
    /// <summary>At most this many readings per answer, the oldest first.</summary>
    public const int Limit = 10_000;

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
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)code ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = to.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = (from.UtcTicks > VitalsHistoryLayout.LongestRowSpan.Ticks ? from - VitalsHistoryLayout.LongestRowSpan : from).UtcDateTime });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var readings = new List<StoredReading>();
        while (await reader.ReadAsync(cancellationToken))
        {
            readings.Add(new StoredReading(reader.GetString(0), reader.GetDouble(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }

        return readings;
    }

    /// <summary>One row per sign and minute from the minute trends, at most <see cref="Limit"/>, the oldest first.</summary>
    public async Task<IReadOnlyList<MinuteTrend>> ReadMinutesAsync(string patientId, string? code, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            select s.code, m.minute, m.total / m.readings, m.low, m.high, m.last, m.readings, s.unit
            from vitals_minutes m join vital_signs s on s.id = m.sign
            where m.patient_id = $1 and ($2::text is null or s.code = $2) and m.minute >= date_trunc('minute', $3::timestamptz) and m.minute <= $4
            order by m.minute, s.code
            limit {Limit}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)code ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = to.UtcDateTime });
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
}
