using System.Collections.Immutable;
using System.Text.Json;
using Monitoring.Alarms;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Replay;

/// <summary>
/// The queue of what-if replays in <c>alarm_replays</c> (migration 0020): a silo claims the oldest one waiting (or
/// one whose claim ran out: its silo died) with a lease, renews the lease with its progress, and stores the outcome.
/// A renewal, progress or outcome of a silo whose lease another has taken changes nothing.
/// </summary>
public sealed class ReplayJobs(NpgsqlDataSource dataSource)
{
    /// <summary>How proposals and outcomes are kept as JSON; the api writes proposals the same way.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Claims the oldest waiting replay for <paramref name="owner"/>, with how many times it has been claimed; null when none waits.</summary>
    public async Task<(ReplayJob Job, int Attempts)?> ClaimAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update alarm_replays set status = 'running', lease_owner = $1, lease_until = now() + $2, attempts = attempts + 1,
                patients_done = 0, batches_read = 0, started_at = now()
            where replay_id = (
                select replay_id from alarm_replays
                where status = 'queued' or (status = 'running' and lease_until < now())
                order by requested_at limit 1 for update skip locked)
            returning replay_id, unit_id, patient_id, period_from, period_to, flag_delay_seconds, proposal::text, attempts
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var proposal = JsonSerializer.Deserialize<ImmutableArray<AlarmRuleOverride>>(reader.GetString(6), Json);
        var job = new ReplayJob(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), TimeSpan.FromSeconds(reader.GetDouble(5)), proposal);
        return (job, reader.GetInt32(7));
    }

    /// <summary>Renews the lease with the progress so far; false when the replay is no longer this owner's.</summary>
    public async Task<bool> ProgressAsync(Guid replayId, string owner, TimeSpan lease, int patientsTotal, int patientsDone, long batchesRead, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update alarm_replays set lease_until = now() + $3, patients_total = $4, patients_done = $5, batches_read = $6
            where replay_id = $1 and lease_owner = $2 and status = 'running'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = replayId });
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        command.Parameters.Add(new NpgsqlParameter { Value = patientsTotal });
        command.Parameters.Add(new NpgsqlParameter { Value = patientsDone });
        command.Parameters.Add(new NpgsqlParameter { Value = batchesRead });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Stores the outcome, with the rules in force the proposal was laid over (applying it checks they still are).</summary>
    public async Task<bool> FinishAsync(Guid replayId, string owner, ImmutableArray<AlarmRule> baselineRules, ReplayOutcome outcome,
        int patients, long batchesRead, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update alarm_replays set status = 'done', baseline_rules = $3, outcome = $4, patients_total = $5, patients_done = $5,
                batches_read = $6, finished_at = now(), lease_until = null
            where replay_id = $1 and lease_owner = $2 and status = 'running'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = replayId });
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(baselineRules, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(outcome, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = patients });
        command.Parameters.Add(new NpgsqlParameter { Value = batchesRead });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Marks the replay failed with a reason an admin can read (no patient data).</summary>
    public async Task FailAsync(Guid replayId, string? owner, string error, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update alarm_replays set status = 'failed', error = $3, finished_at = now(), lease_until = null
            where replay_id = $1 and ($2::text is null or lease_owner = $2) and status in ('queued', 'running')
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = replayId });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = owner, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = error });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
