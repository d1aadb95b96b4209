using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Monitoring.Configuration;
using Npgsql;

namespace Monitoring.Hosting;

/// <summary>
/// The connection string, read when the host is built because Orleans' providers take it then
/// (compiled into the silo and the api). Missing or unreadable, it stops start-up naming the setting.
/// </summary>
public static class DatabaseSettings
{
    private const string Key = $"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}";

    public static string RequiredConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration[Key];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw Invalid("is required (an Npgsql connection string for PostgreSQL); set it in appsettings.json or as the environment variable Database__ConnectionString.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql's message names the keyword it does not know; the string itself may hold a password.
            throw Invalid($"is not an Npgsql connection string (e.g. Host=127.0.0.1;Port=5432;Database=monitoring;Username=monitoring): {exception.Message}");
        }

        return connectionString;
    }

    /// <summary>
    /// The connection string for one use of the database, named in PostgreSQL's <c>application_name</c>
    /// (what <c>pg_stat_activity</c> and the server's log show) as <c>{name}:{use}</c>, the name being the one
    /// the operator gave (<c>Application Name</c>) or <paramref name="process"/>. A database administrator
    /// sees which process, and what in it, holds a connection or runs a statement; the benchmark splits
    /// PostgreSQL's CPU by it. Each use has a pool of its own, so each gets <paramref name="poolShare"/> of
    /// the connections the operator allowed the process (<c>Maximum Pool Size</c>, 100 by default): the
    /// process as a whole never opens more than one pool did.
    /// </summary>
    public static string ForUse(string connectionString, string process, string use, double poolShare)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.ApplicationName = $"{(string.IsNullOrEmpty(builder.ApplicationName) ? process : builder.ApplicationName)}:{use}";
        builder.MaxPoolSize = Math.Max(2, (int)(builder.MaxPoolSize * poolShare));
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        return builder.ConnectionString;
    }

    /// <summary>
    /// <see cref="ForUse"/> for connections that hold no session state: Orleans' ADO.NET providers (grain
    /// snapshots, reminders, membership) and the silo's history writers and jobs. They open a pooled
    /// connection for every operation and run the same few statements (the one session lock, retention's,
    /// is released before its connection goes back). So the pool does not reset a connection on its return
    /// (a <c>DISCARD ALL</c> each time, with every prepared statement), and the statements are prepared on
    /// each connection once (Npgsql's automatic preparation) instead of being parsed and planned again on
    /// every write. Settings the operator gave for these are kept.
    /// </summary>
    public static string ForStatelessUse(string connectionString, string process, string use, double poolShare)
    {
        var builder = new NpgsqlConnectionStringBuilder(ForUse(connectionString, process, use, poolShare));
        // The keywords the operator wrote (Npgsql's own builder answers for every keyword it knows).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!given.Contains(nameof(NpgsqlConnectionStringBuilder.NoResetOnClose)))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.Contains(nameof(NpgsqlConnectionStringBuilder.MaxAutoPrepare)))
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    private static OptionsValidationException Invalid(string problem) =>
        new(DatabaseOptions.Section, typeof(DatabaseOptions), [$"{Key} {problem}"]);
}
