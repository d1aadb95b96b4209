using Monitoring.Alarms;
using Npgsql;

namespace Monitoring.Api.Alarms;

/// <summary>Reads alarms and their transitions from the append-only alarm history.</summary>
public sealed class AlarmHistoryQuery(NpgsqlDataSource dataSource)
{
    private const int Limit = 500;
    private const string Columns = "alarm_id, patient_id, unit_id, bed, kind, code, vital, device_id, priority, to_state, value, raised_at, acknowledged_by, acknowledged_at, escalation_level";

    /// <summary>Each alarm of the unit as it now stands (its latest transition), newest first, optionally in one state.</summary>
    public Task<IReadOnlyList<AlarmView>> ForUnitAsync(string unitId, AlarmState? state, CancellationToken cancellationToken) =>
        LatestAsync("unit_id", unitId, state, cancellationToken);

    public Task<IReadOnlyList<AlarmView>> ForPatientAsync(string patientId, AlarmState? state, CancellationToken cancellationToken) =>
        LatestAsync("patient_id", patientId, state, cancellationToken);

    /// <summary>
    /// Escalated alarms still waiting for someone (active, not acknowledged), across units, newest
    /// escalation first. Only alarms escalated in the last day are looked at.
    /// </summary>
    public async Task<IReadOnlyList<AlarmView>> EscalatedAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            select * from (
                select distinct on (alarm_id) {Columns}, occurred_at
                from alarm_history
                where alarm_id in (select alarm_id from alarm_history where escalation_level > 0 and occurred_at > now() - interval '1 day')
                order by alarm_id, entry_id desc) latest
            where to_state = 'active' and escalation_level > 0
            order by occurred_at desc, alarm_id
            limit {Limit}
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alarms = new List<AlarmView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            alarms.Add(ReadAlarm(reader));
        }

        return alarms;
    }

    /// <summary>Every transition of one alarm, oldest first.</summary>
    public async Task<IReadOnlyList<AlarmHistoryRow>> TransitionsAsync(string alarmId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"select {Columns}, from_state, reason, actor, occurred_at, trace_id from alarm_history where alarm_id = $1 order by entry_id");
        command.Parameters.Add(new NpgsqlParameter { Value = alarmId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AlarmHistoryRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AlarmHistoryRow(
                ReadAlarm(reader),
                reader.IsDBNull(15) ? null : reader.GetString(15),
                reader.GetString(9),
                reader.GetString(16),
                reader.IsDBNull(17) ? null : reader.GetString(17),
                reader.GetFieldValue<DateTimeOffset>(18),
                reader.IsDBNull(19) ? null : reader.GetString(19)));
        }

        return rows;
    }

    private async Task<IReadOnlyList<AlarmView>> LatestAsync(string column, string id, AlarmState? state, CancellationToken cancellationToken)
    {
        // The column name comes from this class, never from input.
        await using var command = dataSource.CreateCommand(
            $"""
            select * from (
                select distinct on (alarm_id) {Columns}
                from alarm_history where {column} = $1
                order by alarm_id, entry_id desc) latest
            where $2::text is null or to_state = $2
            order by raised_at desc, alarm_id
            limit {Limit}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = state is { } s ? AlarmWords.Of(s) : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alarms = new List<AlarmView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            alarms.Add(ReadAlarm(reader));
        }

        return alarms;
    }

    private static AlarmView ReadAlarm(NpgsqlDataReader reader)
    {
        // Written by PostgresAlarmHistory with the same words, so they always parse.
        _ = AlarmWords.TryParse<AlarmKind>(reader.GetString(4), out var kind);
        _ = AlarmWords.TryParse<AlarmPriority>(reader.GetString(8), out var priority);
        _ = AlarmWords.TryParse<AlarmState>(reader.GetString(9), out var state);
        var level = reader.GetInt32(14);
        return new AlarmView(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), kind, reader.GetString(5), priority, state,
            reader.IsDBNull(10) ? null : reader.GetDouble(10),
            reader.GetFieldValue<DateTimeOffset>(11),
            reader.IsDBNull(12) ? null : reader.GetString(12),
            reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
            level > 0, level,
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7));
    }
}
