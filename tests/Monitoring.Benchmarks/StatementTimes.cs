using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Monitoring.Benchmarks;

/// <summary>One statement's share of PostgreSQL's statement time in a measured window (pg_stat_statements).</summary>
/// <param name="Share">Of all statement time in the window, 0 to 1.</param>
public sealed record StatementTime(string Statement, double MillisecondsPerSecond, double CallsPerSecond, double RowsPerSecond, double Share)
{
    public double MicrosecondsPerCall => CallsPerSecond > 0 ? MillisecondsPerSecond * 1000 / CallsPerSecond : double.NaN;
}

/// <summary>
/// Snapshots of pg_stat_statements, and what each statement took between two of them. Empty when the
/// server does not load the extension (the benchmark's own server does).
/// </summary>
public sealed partial class StatementTimes(string connectionString)
{
    private Dictionary<string, (double Ms, long Calls, long Rows)> _atStart = [];

    public async Task StartAsync() => _atStart = await SnapshotAsync();

    /// <summary>The statements that took the most time since <see cref="StartAsync"/>, at most <paramref name="top"/>.</summary>
    public async Task<IReadOnlyList<StatementTime>> EndAsync(double seconds, int top = 8)
    {
        var now = await SnapshotAsync();
        var spent = now.Select(kv =>
        {
            var before = _atStart.GetValueOrDefault(kv.Key);
            return (Statement: kv.Key, Ms: kv.Value.Ms - before.Ms, Calls: kv.Value.Calls - before.Calls, Rows: kv.Value.Rows - before.Rows);
        }).Where(s => s.Ms > 0).ToList();
        var total = spent.Sum(s => s.Ms);
        return [.. spent.OrderByDescending(s => s.Ms).Take(top)
            .Select(s => new StatementTime(s.Statement, s.Ms / seconds, s.Calls / seconds, s.Rows / seconds, s.Ms / total))];
    }

    private async Task<Dictionary<string, (double Ms, long Calls, long Rows)>> SnapshotAsync()
    {
        var statements = new Dictionary<string, (double Ms, long Calls, long Rows)>();
        try
        {
            await using var database = NpgsqlDataSource.Create(connectionString);
            await using var command = database.CreateCommand(
                "select query, total_exec_time + total_plan_time, calls, rows from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // The same text from several connections (or plans) is one statement here.
                var text = Shorten(reader.IsDBNull(0) ? "(hidden)" : reader.GetString(0));
                var (ms, calls, rows) = statements.GetValueOrDefault(text);
                statements[text] = (ms + reader.GetDouble(1), calls + reader.GetInt64(2), rows + reader.GetInt64(3));
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.ObjectNotInPrerequisiteState)
        {
            // Not loaded on this server: no breakdown.
        }

        return statements;
    }

    private static string Shorten(string sql)
    {
        var oneLine = Whitespace().Replace(sql, " ").Trim();
        return oneLine.Length <= 90 ? oneLine : string.Create(CultureInfo.InvariantCulture, $"{oneLine[..87]}...");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
