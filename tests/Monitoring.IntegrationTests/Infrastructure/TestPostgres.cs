using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitoring.Configuration;
using Monitoring.History;
using Monitoring.Silo.Database;
using Npgsql;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// The real PostgreSQL server that deploy/test.sh starts, with its two roles: the owner, which creates each
/// fixture's database and migrates it with the project's migrator, and the application's role, which the
/// silos and api hosts (and the stores tested in-process) connect as. Each database is dropped afterwards.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "MONITORING_TEST_POSTGRES";

    public const string ApplicationEnvironmentVariable = "MONITORING_TEST_POSTGRES_APP";

    /// <summary>The owner's connection to the server (it may create databases).</summary>
    public static string ServerConnectionString => Required(EnvironmentVariable);

    /// <summary>The application's role on the server: a login, nothing more.</summary>
    public static string ApplicationServerConnectionString => Required(ApplicationEnvironmentVariable);

    public static string ApplicationRole => new NpgsqlConnectionStringBuilder(ApplicationServerConnectionString).Username!;

    /// <summary>The migrator as <c>Monitoring.Silo migrate</c> runs it: as the owner, granting the application's role.</summary>
    public static SchemaMigrator Migrator(NpgsqlDataSource ownerDataSource, RetentionOptions? retention = null) =>
        new(ownerDataSource, Options.Create(new DatabaseOptions { ApplicationRole = ApplicationRole }),
            Options.Create(retention ?? new RetentionOptions()), NullLogger<SchemaMigrator>.Instance);

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
            await Migrator(dataSource).MigrateAsync(schemaVersion);
        }

        var application = new NpgsqlConnectionStringBuilder(ApplicationServerConnectionString) { Database = name }.ConnectionString;
        return new TestDatabase(name, connectionString, application);
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run the tests with deploy/test.sh, which starts a private PostgreSQL and sets it.");
}
