using System.ComponentModel.DataAnnotations;

namespace Monitoring.Configuration;

/// <summary>Where PostgreSQL is, and as whom.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=55432;Database=monitoring;Username=monitoring_app</c>:
    /// for the silos and api hosts, the application's role; for <c>Monitoring.Silo migrate</c>, the role that owns the schema.
    /// </summary>
    [Required(ErrorMessage = "Database:ConnectionString is required (an Npgsql connection string for PostgreSQL).")]
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The role the silos and api hosts connect as: <c>Monitoring.Silo migrate</c> grants it what they need
    /// and nothing more. It must exist, must not be the role that migrates, and owns nothing.
    /// </summary>
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "Database:ApplicationRole must be a PostgreSQL role name in lower case (letters, digits, _).")]
    public string ApplicationRole { get; set; } = "monitoring_app";
}
