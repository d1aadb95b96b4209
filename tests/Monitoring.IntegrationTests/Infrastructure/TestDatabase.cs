using Npgsql;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// A database of one fixture's own on the test PostgreSQL server: <see cref="ConnectionString"/> as its
/// owner (what tests read, check and tamper with), <see cref="ApplicationConnectionString"/> as the
/// application's role (what the silos, api hosts and stores under test connect as).
/// </summary>
public sealed class TestDatabase(string name, string connectionString, string applicationConnectionString) : IAsyncDisposable
{
    private NpgsqlDataSource? _dataSource;
    private NpgsqlDataSource? _applicationDataSource;

    public string Name { get; } = name;

    /// <summary>As the owner of the schema.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>As the application's role, which owns nothing.</summary>
    public string ApplicationConnectionString { get; } = applicationConnectionString;

    public NpgsqlDataSource DataSource => _dataSource ??= NpgsqlDataSource.Create(ConnectionString);

    public NpgsqlDataSource ApplicationDataSource => _applicationDataSource ??= NpgsqlDataSource.Create(ApplicationConnectionString);

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a statement as the owner; answers the rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    private NpgsqlCommand Command(string sql, object[] parameters)
    {
        var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_applicationDataSource is not null)
        {
            await _applicationDataSource.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var server = NpgsqlDataSource.Create(TestPostgres.ServerConnectionString);
        // An autovacuum worker in the database (many new partitions invite one) runs as the superuser, and
        // the test role may not end it: the drop is refused until the worker has finished, a moment later.
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await using var drop = server.CreateCommand($"drop database if exists {Name} with (force)");
                await drop.ExecuteNonQueryAsync();
                return true;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                return (bool?)null;
            }
        }, TimeSpan.FromSeconds(30), $"database {Name} dropped");
    }
}
