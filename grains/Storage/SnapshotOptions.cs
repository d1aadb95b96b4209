using System.ComponentModel.DataAnnotations;

namespace Monitoring.Storage;

/// <summary>How often grains write snapshots of state that changes with every reading.</summary>
public sealed class SnapshotOptions
{
    public const string Section = "Snapshots";

    /// <summary>
    /// Latest vitals of a stream are written at most this often; alarm changes, admissions, bindings, a
    /// nurse's entry and a reading of a sign not heard of for longer than this are written at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Snapshots:Interval must be between 100 ms and 10 min.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}
