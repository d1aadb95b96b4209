using Npgsql;
using NpgsqlTypes;

namespace Monitoring.History;

/// <summary>The two ways rows go into <c>vitals_batches</c>, on a connection whose transaction the caller owns.</summary>
public static class VitalsBatchCopy
{
    private const string Copy = """
        copy vitals_batches (patient_id, measured_from, source, batch_id, measured_to, received_at, signs, sign_values, offsets_us, plausible)
        from stdin (format binary)
        """;

    private const string InsertSkippingStored = """
        insert into vitals_batches (patient_id, measured_from, source, batch_id, measured_to, received_at, signs, sign_values, offsets_us, plausible)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        on conflict on constraint vitals_batches_key do nothing
        """;

    /// <summary>Binary COPY: about a microsecond a row; fails whole if any row is already stored.</summary>
    /// <param name="signs">The <c>vital_signs</c> ids of each row's readings.</param>
    public static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<VitalsRow> rows, short[][] signs, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(Copy, cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(row.PatientId, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(row.MeasuredFrom.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(row.Source, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(row.BatchId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(row.MeasuredTo.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(row.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(signs[i], NpgsqlDbType.Array | NpgsqlDbType.Smallint, cancellationToken);
            await copy.WriteAsync(row.Values, NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
            await WriteOrNullAsync(copy, row.OffsetsMicroseconds, NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken);
            await WriteOrNullAsync(copy, row.Plausible, NpgsqlDbType.Array | NpgsqlDbType.Boolean, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>Row by row in one round trip, skipping the rows already stored: for when a COPY met one.</summary>
    public static async Task InsertSkippingStoredAsync(NpgsqlConnection connection, IReadOnlyList<VitalsRow> rows, short[][] signs, CancellationToken cancellationToken)
    {
        await using var inserts = new NpgsqlBatch(connection);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var insert = new NpgsqlBatchCommand(InsertSkippingStored);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.PatientId });
            insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = row.MeasuredFrom.UtcDateTime });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Source });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.BatchId });
            insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = row.MeasuredTo.UtcDateTime });
            insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = row.ReceivedAt.UtcDateTime });
            insert.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = signs[i] });
            insert.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = row.Values });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)row.OffsetsMicroseconds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Plausible ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
            inserts.BatchCommands.Add(insert);
        }

        await inserts.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T[]? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);
}
