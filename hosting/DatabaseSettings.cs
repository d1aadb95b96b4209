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

    private static OptionsValidationException Invalid(string problem) =>
        new(DatabaseOptions.Section, typeof(DatabaseOptions), [$"{Key} {problem}"]);
}
