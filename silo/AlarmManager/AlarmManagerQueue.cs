using Monitoring.Alarms;
using Monitoring.Hl7;
using Npgsql;

namespace Monitoring.Silo.AlarmManager;

/// <summary>The statements of the alarm manager's queue (migration 0018), on the sending silo's own session.</summary>
internal static class AlarmManagerQueue
{
    private const string Next = """
        select o.message_id, h.alarm_id, h.patient_id, h.unit_id, h.bed, h.kind, h.code, h.vital, h.device_id, h.priority,
               h.from_state, h.to_state, h.reason, h.value, h.raised_at, h.acknowledged_by, h.acknowledged_at, h.escalation_level,
               h.occurred_at, h.transition_key, o.attempts
        from alarm_manager_outbox o
        join alarm_history h on h.transition_key = o.transition_key and h.occurred_at = o.occurred_at
        where o.sent_at is null
        order by o.message_id
        limit $1
        """;

    public static async Task<IReadOnlyList<QueuedAlert>> NextAsync(NpgsqlConnection connection, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Next, connection);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var queued = new List<QueuedAlert>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new AlarmHistoryRecord(
                AlarmId: reader.GetString(1),
                PatientId: reader.GetString(2),
                UnitId: reader.GetString(3),
                Bed: reader.GetString(4),
                Kind: reader.GetString(5),
                Code: reader.GetString(6),
                Vital: reader.IsDBNull(7) ? null : reader.GetString(7),
                DeviceId: reader.IsDBNull(8) ? null : reader.GetString(8),
                Priority: reader.GetString(9),
                FromState: reader.IsDBNull(10) ? null : reader.GetString(10),
                ToState: reader.GetString(11),
                Reason: reader.GetString(12),
                Value: reader.IsDBNull(13) ? null : reader.GetDouble(13),
                RaisedAt: reader.GetFieldValue<DateTimeOffset>(14),
                AcknowledgedBy: reader.IsDBNull(15) ? null : reader.GetString(15),
                AcknowledgedAt: reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
                EscalationLevel: reader.GetInt32(17),
                OccurredAt: reader.GetFieldValue<DateTimeOffset>(18),
                TransitionKey: reader.GetString(19));
            queued.Add(new QueuedAlert(reader.GetInt64(0), row, reader.GetInt32(20)));
        }

        return queued;
    }

    public static async Task AnsweredAsync(NpgsqlConnection connection, long messageId, string code, string? error, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "update alarm_manager_outbox set sent_at = now(), answer = $2, attempts = attempts + 1, last_error = $3 where message_id = $1", connection);
        command.Parameters.AddWithValue(messageId);
        command.Parameters.AddWithValue(code);
        command.Parameters.AddWithValue(error is null ? DBNull.Value : Truncate(error));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task FailedAsync(NpgsqlConnection connection, long messageId, string error, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "update alarm_manager_outbox set attempts = attempts + 1, last_error = $2 where message_id = $1", connection);
        command.Parameters.AddWithValue(messageId);
        command.Parameters.AddWithValue(Truncate(error));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<DeliveryDue>> PastDeadlineAsync(NpgsqlConnection connection, TimeSpan deadline, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select message_id, alarm_id, occurred_at from alarm_manager_outbox
            where deadline_done_at is null and reason in ('raised', 're-alarmed') and occurred_at <= now() - $1
            order by occurred_at
            limit 100
            """, connection);
        command.Parameters.AddWithValue(deadline);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<DeliveryDue>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DeliveryDue(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return due;
    }

    public static async Task DeadlineDoneAsync(NpgsqlConnection connection, long messageId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("update alarm_manager_outbox set deadline_done_at = now() where message_id = $1", connection);
        command.Parameters.AddWithValue(messageId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rows queued longer ago than <paramref name="keep"/>, answered or not.</summary>
    public static async Task RemoveAnsweredAsync(NpgsqlConnection connection, TimeSpan keep, CancellationToken cancellationToken)
    {
        // Also rows never sent that old (their history row gone with its partition, or a manager refusing for a week):
        // long past any use to a pager.
        await using var command = new NpgsqlCommand("""
            delete from alarm_manager_outbox where queued_at < now() - $1
            """, connection);
        command.Parameters.AddWithValue(keep);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}
