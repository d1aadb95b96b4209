using Npgsql;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>A database of one fixture's own on the test PostgreSQL server.</summary>
public sealed class TestDatabase(string name, string connectionString) : IAsyncDisposable
{
    private NpgsqlDataSource? _dataSource;

    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    public NpgsqlDataSource DataSource => _dataSource ??= NpgsqlDataSource.Create(ConnectionString);

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
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
