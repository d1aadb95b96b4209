using System.ComponentModel.DataAnnotations;

namespace Monitoring.Replay;

/// <summary>How silos run what-if replays (<c>Replay:*</c>).</summary>
public sealed class ReplayOptions
{
    public const string Section = "Replay";

    /// <summary>How often a silo looks for a queued replay.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Replay:PollInterval must be between 100 ms and 1 minute.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim holds without renewal; a replay whose silo died is taken up by another after it.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00", ErrorMessage = "Replay:Lease must be between 5 s and 10 minutes.")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Groups of patients replayed side by side by one silo, each reading its history an hour at a time.</summary>
    [Range(1, 16, ErrorMessage = "Replay:Parallelism must be between 1 and 16.")]
    public int Parallelism { get; set; } = 2;

    /// <summary>How long before a patient's part of the period the replay starts, so that it begins with their values and pending breaches.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Replay:WarmUp must be between 0 and 1 hour.")]
    public TimeSpan WarmUp { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A replay that failed this many times (its silo dying each time, say) is marked failed.</summary>
    [Range(1, 10, ErrorMessage = "Replay:MaxAttempts must be between 1 and 10.")]
    public int MaxAttempts { get; set; } = 3;
}
