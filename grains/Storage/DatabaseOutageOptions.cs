using System.ComponentModel.DataAnnotations;

namespace Monitoring.Storage;

/// <summary>When the silo takes PostgreSQL to be out, and how often it looks for it to come back.</summary>
public sealed class DatabaseOutageOptions
{
    public const string Section = "DatabaseOutage";

    /// <summary>
    /// How long a grain's turn waits for a write it can put off (a snapshot, alarm history, a reminder).
    /// A write slower than this means PostgreSQL has stalled: the turn goes on, the write finishes in the
    /// background, and the outage begins for every writer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30", ErrorMessage = "DatabaseOutage:StallAfter must be between 50 ms and 30 s.")]
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>While PostgreSQL is out, how often it is tried (and how long each try may take); the first answer ends the outage.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "DatabaseOutage:ProbeInterval must be between 100 ms and 1 min.")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);
}
