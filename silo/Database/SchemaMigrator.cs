using Microsoft.Extensions.Logging;
using Npgsql;

namespace Monitoring.Silo.Database;

/// <summary>
/// Applies the migrations a database lacks, each in its own transaction, and records them in
/// <c>schema_migrations</c>. Safe to run again and from several processes at once.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    // Any constant works; it only keeps two migrators from interleaving.
    private const long AdvisoryLockKey = 0x4D6F6E69746F72;

    /// <summary>The highest migration applied, or 0 for an empty database.</summary>
    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CurrentVersionAsync(connection, cancellationToken);
    }

    /// <summary>Applies every missing migration up to <paramref name="targetVersion"/> (default: all); returns how many were applied.</summary>
    public async Task<int> MigrateAsync(int? targetVersion = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"select pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection,
                """
                create table if not exists schema_migrations (
                    version     integer primary key,
                    name        text not null,
                    applied_at  timestamptz not null default now())
                """, cancellationToken);

            var current = await CurrentVersionAsync(connection, cancellationToken);
            var applied = 0;
            foreach (var migration in MigrationCatalog.All.Where(m => m.Version > current && m.Version <= (targetVersion ?? int.MaxValue)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, migration.Sql, cancellationToken);
                await using var record = new NpgsqlCommand("insert into schema_migrations (version, name) values ($1, $2)", connection);
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                LogApplied(migration.Version, migration.Name);
                applied++;
            }

            return applied;
        }
        finally
        {
            await ExecuteAsync(connection, $"select pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select case when to_regclass('schema_migrations') is null then 0 else (select coalesce(max(version), 0) from schema_migrations) end",
            connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version}: {Name}")]
    private partial void LogApplied(int version, string name);
}
