using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.AlarmManager;
using Monitoring.History;
using Monitoring.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Alarms;

/// <summary>
/// The alarm history in PostgreSQL (migrations 0003, 0009): one multi-row insert per call, duplicates
/// ignored. With an alarm manager configured, the rows stored are queued for it in the same statement
/// (migration 0018; the silo's AlarmManagerLink sends them), so a transition is reported once. The table
/// is partitioned by the transition's time; a row dated where no partition exists yet (a late transition,
/// a clock far off) has its partition made before it is written.
/// </summary>
/// <remarks>
/// Refused at once while PostgreSQL is out; the patient keeps the rows in its snapshot's outbox and tries
/// again. A row written again carries the time its transition happened (kept with it in the outbox), so
/// (transition_key, occurred_at) finds it stored and skips it.
/// </remarks>
public sealed class PostgresAlarmHistory(
    NpgsqlDataSource dataSource, HistoryTables tables, DatabaseOutage outage, TimeProvider time, IOptions<AlarmManagerOptions> alarmManager,
    ILogger<PostgresAlarmHistory> logger) : IAlarmHistory
{
    private readonly bool _queueForAlarmManager = alarmManager.Value.Enabled;
    private readonly WaitedOnWrite _writes = new("alarm_history", outage, time, logger);

    private const string Insert = """
        with written as (
            insert into alarm_history (transition_key, alarm_id, patient_id, unit_id, bed, kind, code, vital, device_id,
                priority, from_state, to_state, reason, actor, value, raised_at, acknowledged_by, acknowledged_at,
                escalation_level, occurred_at, trace_id)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::float8[], $16::timestamptz[],
                $17::text[], $18::timestamptz[], $19::int[], $20::timestamptz[], $21::text[])
            on conflict (transition_key, occurred_at) do nothing
            returning transition_key, occurred_at, alarm_id, reason, entry_id, unit_id)
        insert into alarm_manager_outbox (transition_key, occurred_at, alarm_id, reason)
        select transition_key, occurred_at, alarm_id, reason from written where $22 and unit_id <> $23 order by entry_id
        on conflict (transition_key) do nothing
        """;

    public async Task AppendAsync(IReadOnlyList<AlarmHistoryEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(Insert);
        var parameters = command.Parameters;
        parameters.Add(Array(entries, e => e.Key));
        parameters.Add(Array(entries, e => e.Alarm.AlarmId));
        parameters.Add(Array(entries, e => e.Alarm.PatientId));
        parameters.Add(Array(entries, e => e.Alarm.UnitId));
        parameters.Add(Array(entries, e => e.Alarm.Bed));
        parameters.Add(Array(entries, e => AlarmWords.Of(e.Alarm.Kind)));
        parameters.Add(Array(entries, e => e.Alarm.Code));
        parameters.Add(Array(entries, e => e.Alarm.Vital));
        parameters.Add(Array(entries, e => e.Alarm.DeviceId));
        parameters.Add(Array(entries, e => AlarmWords.Of(e.Alarm.Priority)));
        parameters.Add(Array(entries, e => e.From is { } from ? AlarmWords.Of(from) : null));
        parameters.Add(Array(entries, e => AlarmWords.Of(e.Alarm.State)));
        parameters.Add(Array(entries, e => e.Reason));
        parameters.Add(Array(entries, e => e.Actor));
        parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Alarm.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Alarm.RaisedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        parameters.Add(Array(entries, e => e.Alarm.AcknowledgedBy));
        parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Alarm.AcknowledgedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Alarm.EscalationLevel).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.At).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        parameters.Add(Array(entries, e => e.TraceId));
        parameters.Add(new NpgsqlParameter { Value = _queueForAlarmManager, NpgsqlDbType = NpgsqlDbType.Boolean });
        // The watchdog's synthetic alarms are nobody's to page: never told to the alarm manager.
        parameters.Add(new NpgsqlParameter { Value = Monitoring.Watchdog.SyntheticBeds.UnitId, NpgsqlDbType = NpgsqlDbType.Text });
        DateTimeOffset[] times = [.. entries.Select(e => e.At)];
        await _writes.RunAsync(
            async token => await tables.AlarmHistory.WriteAsync(times, async t => await command.ExecuteNonQueryAsync(t), token), cancellationToken);
    }

    private static NpgsqlParameter Array(IReadOnlyList<AlarmHistoryEntry> entries, Func<AlarmHistoryEntry, string?> select) =>
        new() { Value = entries.Select(select).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
