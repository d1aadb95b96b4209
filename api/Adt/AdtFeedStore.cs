using Monitoring.Adt;
using Npgsql;

namespace Monitoring.Api.Adt;

/// <summary>
/// What the feed has done (<c>adt_patients</c>, <c>adt_messages</c>), read and written inside one transaction per
/// message that holds the patient's lock (an advisory lock on the patient id): two messages for one patient, on any
/// api host, are applied one after the other, never interleaved.
/// </summary>
public sealed class AdtFeedStore(NpgsqlDataSource database)
{
    /// <summary>Opens the message's transaction and takes the patient's lock; the caller commits once it has applied the message.</summary>
    public async Task<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> BeginAsync(string patientId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended('adt-patient:' || $1, 0))", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = patientId });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return (connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether this sender's message with this control id was taken before.</summary>
    public static async Task<bool> WasTakenAsync(NpgsqlTransaction transaction, AdtEvent adtEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(adtEvent);
        await using var command = new NpgsqlCommand("select 1 from adt_messages where sender = $1 and control_id = $2", transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = adtEvent.Sender });
        command.Parameters.Add(new NpgsqlParameter { Value = adtEvent.ControlId });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public static async Task<AdtPatientRecord?> ReadAsync(NpgsqlTransaction transaction, string patientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = new NpgsqlCommand(
            "select unit_id, bed, previous_unit_id, previous_bed, last_trigger, last_event_at, last_control_id from adt_patients where patient_id = $1",
            transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = patientId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        UnitBed? BedAt(int column) => reader.IsDBNull(column) ? null : new UnitBed(reader.GetString(column), reader.GetString(column + 1));
        return new AdtPatientRecord(BedAt(0), BedAt(2), Enum.Parse<AdtTrigger>(reader.GetString(4)), reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6));
    }

    /// <summary>Records the message as taken (with its outcome) and, unless it was older than what stands, the patient's new record.</summary>
    public static async Task RecordAsync(
        NpgsqlTransaction transaction, AdtEvent adtEvent, string outcome, AdtPatientRecord? record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(adtEvent);
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        batch.BatchCommands.Add(Command(
            "insert into adt_messages (sender, control_id, patient_id, trigger, outcome, received_at) values ($1, $2, $3, $4, $5, $6)",
            adtEvent.Sender, adtEvent.ControlId, adtEvent.PatientId, adtEvent.Trigger.ToString(), outcome, now));
        if (record is not null)
        {
            batch.BatchCommands.Add(Command(
                """
                insert into adt_patients (patient_id, admitted, unit_id, bed, previous_unit_id, previous_bed, last_trigger, last_event_at, last_control_id, updated_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                on conflict (patient_id) do update set admitted = excluded.admitted, unit_id = excluded.unit_id, bed = excluded.bed,
                    previous_unit_id = excluded.previous_unit_id, previous_bed = excluded.previous_bed, last_trigger = excluded.last_trigger,
                    last_event_at = excluded.last_event_at, last_control_id = excluded.last_control_id, updated_at = excluded.updated_at
                """,
                adtEvent.PatientId, record.Location is not null, (object?)record.Location?.UnitId ?? DBNull.Value, (object?)record.Location?.Bed ?? DBNull.Value,
                (object?)record.Previous?.UnitId ?? DBNull.Value, (object?)record.Previous?.Bed ?? DBNull.Value, record.LastChange.ToString(),
                record.LastEventAt, record.LastControlId, now));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
