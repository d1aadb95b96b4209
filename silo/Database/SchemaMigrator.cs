using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Configuration;
using Monitoring.History;
using Npgsql;
using static Monitoring.Storage.SqlCommands;

namespace Monitoring.Silo.Database;

/// <summary>
/// Applies the migrations a database lacks, each in its own transaction, and records them in
/// <c>schema_migrations</c>; then grants the application's role its rights (<see cref="ApplicationRoleGrants"/>).
/// Run as the role that owns the schema. Safe to run again and from several processes at once.
/// </summary>
public sealed partial class SchemaMigrator(
    NpgsqlDataSource dataSource, IOptions<DatabaseOptions> database, IOptions<RetentionOptions> retention, ILogger<SchemaMigrator> logger)
{
    // Any constant works; it only keeps two migrators from interleaving.
    private const long AdvisoryLockKey = 0x4D6F6E69746F72;

    /// <summary>The highest migration applied, or 0 for an empty database.</summary>
    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CurrentVersionAsync(connection, cancellationToken);
    }

    /// <summary>
    /// Applies every missing migration up to <paramref name="targetVersion"/> (default: all); returns how many
    /// were applied. Once the schema is whole, the application's role gets its rights, every run.
    /// </summary>
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

            // Every migration not yet recorded, in order: not only those above the highest, so a migration numbered
            // below one already applied (a reserved number whose branch merged later) is still applied.
            var recorded = await AppliedVersionsAsync(connection, cancellationToken);
            var applied = 0;
            foreach (var migration in MigrationCatalog.All.Where(m => !recorded.Contains(m.Version) && m.Version <= (targetVersion ?? int.MaxValue)))
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

            if (targetVersion is null || targetVersion >= MigrationCatalog.ExpectedVersion)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ApplicationRoleGrants.ApplyAsync(connection, database.Value.ApplicationRole, retention.Value, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                LogGranted(database.Value.ApplicationRole);
            }

            return applied;
        }
        finally
        {
            await ExecuteAsync(connection, $"select pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    /// <summary>The versions of this build's migrations that the database has not applied.</summary>
    public async Task<IReadOnlyList<int>> MissingVersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var recorded = await AppliedVersionsAsync(connection, cancellationToken);
        return MigrationCatalog.All.Select(m => m.Version).Where(v => !recorded.Contains(v)).ToList();
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select version from schema_migrations", connection);
        var versions = new HashSet<int>();
        if (await CurrentVersionAsync(connection, cancellationToken) == 0)
        {
            return versions;
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select case when to_regclass('schema_migrations') is null then 0 else (select coalesce(max(version), 0) from schema_migrations) end",
            connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Granted the application's role {Role} its rights")]
    private partial void LogGranted(string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version}: {Name}")]
    private partial void LogApplied(int version, string name);
}
