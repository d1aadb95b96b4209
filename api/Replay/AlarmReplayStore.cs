using System.Collections.Immutable;
using System.Text.Json;
using Monitoring.Alarms;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Api.Replay;

/// <summary>The api's side of <c>alarm_replays</c> (migration 0020): queues a replay, reads it back, records it applied.</summary>
public sealed class AlarmReplayStore(NpgsqlDataSource dataSource)
{
    /// <summary>How proposals and rules are kept as JSON; the silo that runs the replay reads them the same way (Monitoring.Replay.ReplayJobs).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = """
        replay_id, unit_id, patient_id, period_from, period_to, flag_delay_seconds, proposal_body::text, requested_by, requested_at, status,
        patients_total, patients_done, batches_read, outcome::text, error, started_at, finished_at, applied_at, applied_by, applied_reason,
        proposal::text, baseline_rules::text
        """;

    public async Task<Guid> QueueAsync(string unitId, string? patientId, AlarmReplayRequests.Period period, TimeSpan flagDelay,
        ImmutableArray<AlarmRuleOverride> proposal, JsonElement proposalBody, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        await using var command = dataSource.CreateCommand("""
            insert into alarm_replays (unit_id, patient_id, period_from, period_to, flag_delay_seconds, proposal, proposal_body, requested_by)
            values ($1, $2, $3, $4, $5, $6, $7, $8) returning replay_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = unitId });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = patientId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = period.From });
        command.Parameters.Add(new NpgsqlParameter { Value = period.To });
        command.Parameters.Add(new NpgsqlParameter { Value = flagDelay.TotalSeconds });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(proposal, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = proposalBody.GetRawText(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = requestedBy });
        return (Guid)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The replay of that unit, or null.</summary>
    public async Task<StoredReplay?> FindAsync(string unitId, Guid replayId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from alarm_replays where replay_id = $1 and unit_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = replayId });
        command.Parameters.Add(new NpgsqlParameter { Value = unitId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The unit's latest replays, newest first.</summary>
    public async Task<IReadOnlyList<AlarmReplayView>> ListAsync(string unitId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select {Columns} from alarm_replays where unit_id = $1 order by requested_at desc limit 50");
        command.Parameters.Add(new NpgsqlParameter { Value = unitId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var replays = new List<AlarmReplayView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            replays.Add(Read(reader).View);
        }

        return replays;
    }

    /// <summary>Records the replay applied, once: false when it already was.</summary>
    public async Task<bool> MarkAppliedAsync(Guid replayId, string by, string? reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update alarm_replays set applied_at = now(), applied_by = $2, applied_reason = $3
            where replay_id = $1 and applied_at is null and status = 'done'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = replayId });
        command.Parameters.Add(new NpgsqlParameter { Value = by });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = reason, NpgsqlDbType = NpgsqlDbType.Text });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static StoredReplay Read(NpgsqlDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        DateTimeOffset? Instant(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
        JsonElement? Element(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

        var started = Instant(15);
        var finished = Instant(16);
        var view = new AlarmReplayView(
            reader.GetGuid(0), reader.GetString(1), Text(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetDouble(5), Element(Text(6))!.Value, reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetString(9),
            new AlarmReplayProgress(reader.IsDBNull(10) ? null : reader.GetInt32(10), reader.GetInt32(11), reader.GetInt64(12),
                started is { } s && finished is { } f ? Math.Round((f - s).TotalSeconds, 1) : null),
            Element(Text(13)), Text(14),
            Instant(17) is { } appliedAt ? new AlarmReplayApplied(appliedAt, reader.GetString(18), Text(19)) : null);
        var proposal = JsonSerializer.Deserialize<ImmutableArray<AlarmRuleOverride>>(reader.GetString(20), Json);
        var baseline = Text(21) is { } rules ? JsonSerializer.Deserialize<ImmutableArray<AlarmRule>>(rules, Json) : (ImmutableArray<AlarmRule>?)null;
        return new StoredReplay(view, proposal, baseline);
    }

    /// <summary>A replay as stored: what the api answers, and what applying it needs.</summary>
    public sealed record StoredReplay(AlarmReplayView View, ImmutableArray<AlarmRuleOverride> Proposal, ImmutableArray<AlarmRule>? BaselineRules);
}
