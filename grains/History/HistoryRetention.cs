using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitoring.Storage;
using Npgsql;
using static Monitoring.Storage.SqlCommands;

namespace Monitoring.History;

/// <summary>
/// Drops history past its retention, whole partitions at a time (detached, waiting at most a second for
/// writers of the other partitions, then dropped), never row by row: full-resolution batches once their
/// partition ends <see cref="VitalsHistoryOptions.FullResolutionFor"/> ago and the minute trends have
/// taken them in; minute and ten-minute trends once theirs ends <see cref="VitalsHistoryOptions.MinuteTrendsFor"/> ago; the
/// alarm history and the audit trail once theirs ends <see cref="RetentionOptions.AlarmHistoryFor"/> or
/// <see cref="RetentionOptions.AuditTrailFor"/> ago, and never inside the floor the schema's owner set for them
/// (<c>retention_floors</c>, from the migration run). Each table has its own window: none is touched by another's.
/// The drop of a partition of the alarm history or of the audit trail is itself audited: a row saying so is
/// committed to the audit trail (in the current partition, never one being dropped) before the detach, and
/// another once the partition is gone.
/// </summary>
public sealed partial class HistoryRetention(
    NpgsqlDataSource dataSource, HistoryTables tables, DatabaseOutage outage, TimeProvider time, ILogger<HistoryRetention> logger)
    : BackgroundService
{
    private const string Work = "history_retention";

    /// <summary>Who the audit trail says dropped a partition.</summary>
    public const string Subject = "system:retention";

    /// <summary>How often it looks for partitions past their retention.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>Drops every partition past its retention now; returns their names (none when another silo is at it).</summary>
    public Task<IReadOnlyList<string>> RunOnceAsync(CancellationToken cancellationToken) => RunOnceAsync(null, cancellationToken);

    /// <summary>
    /// Drops every partition past its retention as it will be at <paramref name="asOf"/> (an operator's
    /// rehearsal of the days ahead: <c>Monitoring.Silo retention --as-of</c>), but never a partition whose
    /// time has not ended yet, and never minutes not rolled up. The audit trail records the real time.
    /// </summary>
    public async Task<IReadOnlyList<string>> RunOnceAsync(DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await ScalarAsync<bool>(connection, "select pg_try_advisory_lock(hashtext('history_retention'))", cancellationToken))
        {
            return [];
        }

        try
        {
            return await DropExpiredAsync(connection, asOf, cancellationToken);
        }
        finally
        {
            await ReleaseAsync(connection);
        }
    }

    private static async Task ReleaseAsync(NpgsqlConnection connection)
    {
        try
        {
            await ScalarAsync<bool>(connection, "select pg_advisory_unlock(hashtext('history_retention'))", CancellationToken.None);
        }
        catch
        {
            // The pool does not reset connections (DatabaseSettings.ForStatelessUse): one still holding the
            // lock must not go back to it, or no silo could run retention again.
            NpgsqlConnection.ClearPool(connection);
            throw;
        }
    }

    private async Task<List<string>> DropExpiredAsync(NpgsqlConnection connection, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var at = asOf ?? now;
        var rolledUpTo = await ScalarAsync<DateTime>(connection, "select rolled_up_to from history_rollups where name = 'vitals_minutes'", cancellationToken);
        var floors = await FloorsAsync(connection, cancellationToken);
        var dropped = new List<string>();
        foreach (var partitions in tables.All)
        {
            var endedBefore = Min(at - partitions.Table.RetainedFor, now);
            if (floors.TryGetValue(partitions.Parent, out var floor))
            {
                // Never past the floor the schema's owner set (by PostgreSQL's clock): its function would refuse the drop.
                endedBefore = Min(endedBefore, floor);
            }

            if (partitions == tables.Vitals)
            {
                // Batches go only once the trends hold their minutes (the roll-up has passed the partition's end).
                endedBefore = Min(endedBefore, new DateTimeOffset(DateTime.SpecifyKind(rolledUpTo, DateTimeKind.Utc)));
            }

            dropped.AddRange(await DropAsync(connection, partitions, endedBefore, now, asOf is null ? "" : $" (a run as of {at:u})", cancellationToken));
        }

        return dropped;
    }

    private async Task<List<string>> DropAsync(
        NpgsqlConnection connection, TimePartitions partitions, DateTimeOffset endedBefore, DateTimeOffset now, string asOf, CancellationToken cancellationToken)
    {
        var parent = partitions.Parent;
        var expired = new List<(string Name, DateTimeOffset Starts, DateTimeOffset Ends)>();
        await using (var select = new NpgsqlCommand("select partition_name, starts, ends from history_partitions where parent = $1 and ends <= $2 order by starts", connection))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = parent });
            select.Parameters.Add(new NpgsqlParameter { Value = endedBefore.UtcDateTime });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                expired.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2)));
            }
        }

        var dropped = new List<string>();
        foreach (var (name, starts, ends) in expired)
        {
            var resource = $"{name} [{starts:u}, {ends:u})";
            if (partitions.Table.RecordedAs is { } recordedAs)
            {
                // Committed before the detach: a partition of the record never goes unrecorded, whatever happens next.
                var rows = await ScalarAsync<long>(connection, "select history_partition_rows($1)", cancellationToken, name);
                await RecordAsync(connection, now, $"{recordedAs}.partition.detach", resource, "started",
                    $"retention: ended more than {partitions.Table.RetainedFor.TotalDays:0.##} days ago{asOf}; {rows} rows", cancellationToken);
            }

            // Detached and dropped by the schema owner's function (the application's role owns no table), which
            // refuses a partition of the audit trail or alarm history inside the floor the owner set. It waits at
            // most a second for its lock on the table (writers queue behind it meanwhile); a partition it could
            // not lock (or a write dated in it that deadlocked with it) is left for the next run.
            try
            {
                await ScalarAsync<bool>(connection, "select history_drop_partition($1)", cancellationToken, name);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected)
            {
                LogBusy(name);
                continue;
            }

            dropped.Add(name);
            if (partitions.Table.RecordedAs is { } recorded)
            {
                await RecordAsync(connection, now, $"{recorded}.partition.drop", resource, "success", null, cancellationToken);
            }

            LogDropped(name, starts, ends);
        }

        if (dropped.Count > 0)
        {
            partitions.Forget(); // a late row dated in a dropped range makes its partition again
        }

        return dropped;
    }

    /// <summary>Per table with a floor, the latest end of a partition that may be dropped now.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> FloorsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("select parent, now() - kept_for from retention_floors", connection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var floors = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            floors[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return floors;
    }

    /// <summary>One row of the audit trail, committed when this returns; dated now, so in a partition that is not being dropped.</summary>
    private async Task RecordAsync(
        NpgsqlConnection connection, DateTimeOffset now, string action, string resource, string outcome, string? reason, CancellationToken cancellationToken) =>
        await tables.AuditTrail.WriteAsync([now], async token =>
        {
            await using var insert = new NpgsqlCommand(
                "insert into audit_events (at, subject, roles, action, resource, outcome, reason) values ($1, $2, 'system', $3, $4, $5, $6)", connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime });
            insert.Parameters.Add(new NpgsqlParameter { Value = Subject });
            insert.Parameters.Add(new NpgsqlParameter { Value = action });
            insert.Parameters.Add(new NpgsqlParameter { Value = resource });
            insert.Parameters.Add(new NpgsqlParameter { Value = outcome });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)reason ?? DBNull.Value });
            await insert.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(Interval, time, runAtStart: false, RunOnceAsync, outage, Work, LogFailed, stoppingToken);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: dropped partition {Partition} ({Starts:u} to {Ends:u})")]
    private partial void LogDropped(string partition, DateTimeOffset starts, DateTimeOffset ends);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention: partition {Partition} was busy (no lock within a second); tried again at the next run")]
    private partial void LogBusy(string partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention not applied this time; tried again at the next run")]
    private partial void LogFailed(Exception exception);
}
