using System.ComponentModel.DataAnnotations;

namespace Monitoring.Api.Audit;

/// <summary>How the api holds and writes the audit trail.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Failed sign-ins are counted per client address and written as one row per address this often.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Audit:FailedSignInsEvery must be between 1 s and 1 h.")]
    public TimeSpan FailedSignInsEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Rows the api holds while PostgreSQL cannot take them; past that, audited actions are refused (503)
    /// until it can. A tenth of it (at most 1,000) is kept for the rows of actions already let through.
    /// </summary>
    [Range(100, 10_000_000, ErrorMessage = "Audit:QueueCapacity must be between 100 and 10000000.")]
    public int QueueCapacity { get; set; } = 100_000;
}
