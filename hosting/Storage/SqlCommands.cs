using Npgsql;

namespace Monitoring.Storage;

/// <summary>One statement on a connection the caller holds (and whose transaction, if any, it owns).</summary>
public static class SqlCommands
{
    /// <summary>Runs <paramref name="sql"/> with positional parameters (<c>$1</c>, <c>$2</c>, …) and returns its single value.</summary>
    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements) for its effect.</summary>
    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
