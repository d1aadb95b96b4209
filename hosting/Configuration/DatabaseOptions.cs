using System.ComponentModel.DataAnnotations;

namespace Monitoring.Configuration;

/// <summary>Where PostgreSQL is.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>An Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=55432;Database=monitoring;Username=monitoring</c>.</summary>
    [Required(ErrorMessage = "Database:ConnectionString is required (an Npgsql connection string for PostgreSQL).")]
    public string ConnectionString { get; set; } = "";
}
