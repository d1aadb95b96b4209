using Npgsql;

namespace Monitoring.Api.Vitals;

/// <summary>Reads the stored history of a patient's vitals (sensor faults left out).</summary>
public sealed class VitalsHistoryQuery(NpgsqlDataSource dataSource)
{
    /// <summary>At most this many readings per answer, the oldest first.</summary>
    public const int Limit = 10_000;

    public async Task<IReadOnlyList<StoredReading>> ReadAsync(string patientId, string? code, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            select code, value, unit, measured_at, source from vitals_history
            where patient_id = $1 and ($2::text is null or code = $2) and measured_at >= $3 and measured_at <= $4 and plausible
            order by measured_at, code
            limit {Limit}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)code ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = to.UtcDateTime });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var readings = new List<StoredReading>();
        while (await reader.ReadAsync(cancellationToken))
        {
            readings.Add(new StoredReading(reader.GetString(0), reader.GetDouble(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }

        return readings;
    }
}
