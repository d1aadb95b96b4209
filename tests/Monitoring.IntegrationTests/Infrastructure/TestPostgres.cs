using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Silo.Database;
using Npgsql;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// The real PostgreSQL server that deploy/test.sh starts. Each fixture gets a database of its own,
/// migrated by the project's migrator, and dropped afterwards.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "MONITORING_TEST_POSTGRES";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. Run the tests with deploy/test.sh, which starts a private PostgreSQL and sets it.");

    public static async Task<TestDatabase> CreateDatabaseAsync(int? schemaVersion = null)
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var server = NpgsqlDataSource.Create(ServerConnectionString))
        await using (var create = server.CreateCommand($"create database {name}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(schemaVersion);
        }

        return new TestDatabase(name, connectionString);
    }
}
