using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.History;

/// <summary>
/// Drops history past its retention, whole partitions at a time (detached concurrently, so writers of the
/// other partitions never wait, then dropped), never row by row: full-resolution batches once their
/// partition ends <see cref="VitalsHistoryOptions.FullResolutionFor"/> ago and the minute trends have
/// taken them in; minute trends once theirs ends <see cref="VitalsHistoryOptions.MinuteTrendsFor"/> ago.
/// </summary>
public sealed partial class HistoryRetention(
    NpgsqlDataSource dataSource, IOptions<VitalsHistoryOptions> options, DatabaseOutage outage, TimeProvider time, ILogger<HistoryRetention> logger)
    : BackgroundService
{
    private const string Work = "history_retention";

    /// <summary>How often it looks for partitions past their retention.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>Drops every partition past its retention now; returns their names (none when another silo is at it).</summary>
    public async Task<IReadOnlyList<string>> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await ScalarAsync<bool>(connection, "select pg_try_advisory_lock(hashtext('history_retention'))", cancellationToken))
        {
            return [];
        }

        try
        {
            return await DropExpiredAsync(connection, cancellationToken);
        }
        finally
        {
            await ScalarAsync<bool>(connection, "select pg_advisory_unlock(hashtext('history_retention'))", CancellationToken.None);
        }
    }

    private async Task<List<string>> DropExpiredAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rolledUpTo = await ScalarAsync<DateTime>(connection, "select rolled_up_to from history_rollups where name = 'vitals_minutes'", cancellationToken);
        // Batches go only once the trends hold their minutes (the roll-up has passed the partition's end).
        var batchesBefore = Min(now - options.Value.FullResolutionFor, new DateTimeOffset(DateTime.SpecifyKind(rolledUpTo, DateTimeKind.Utc)));
        var dropped = new List<string>();
        dropped.AddRange(await DropAsync(connection, "vitals_batches", batchesBefore, cancellationToken));
        dropped.AddRange(await DropAsync(connection, "vitals_minutes", now - options.Value.MinuteTrendsFor, cancellationToken));
        return dropped;
    }

    private async Task<List<string>> DropAsync(NpgsqlConnection connection, string parent, DateTimeOffset endedBefore, CancellationToken cancellationToken)
    {
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

        foreach (var (name, starts, ends) in expired)
        {
            // A detach left half done by a crash is finished, not started again.
            var pending = await ScalarAsync<bool>(connection, $"select coalesce((select inhdetachpending from pg_inherits where inhrelid = to_regclass('{name}')), false)", cancellationToken);
            if (await ScalarAsync<bool>(connection, $"select to_regclass('{name}') is not null and exists (select from pg_inherits where inhrelid = to_regclass('{name}'))", cancellationToken))
            {
                await ExecuteAsync(connection, $"alter table {parent} detach partition {name} {(pending ? "finalize" : "concurrently")}", cancellationToken);
            }

            await ExecuteAsync(connection, $"drop table if exists {name}; delete from history_partitions where partition_name = '{name}'", cancellationToken);
            LogDropped(name, starts, ends);
        }

        return [.. expired.Select(e => e.Name)];
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(Interval, time, runAtStart: false, RunOnceAsync, outage, Work, LogFailed, stoppingToken);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: dropped partition {Partition} ({Starts:u} to {Ends:u})")]
    private partial void LogDropped(string partition, DateTimeOffset starts, DateTimeOffset ends);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention not applied this time; tried again at the next run")]
    private partial void LogFailed(Exception exception);
}
