using System.ComponentModel.DataAnnotations;

namespace Monitoring.History;

/// <summary>Sizing of the vitals history's queue and batches.</summary>
public sealed class VitalsHistoryOptions : IValidatableObject
{
    public const string Section = "VitalsHistory";

    /// <summary>Readings waiting to be written, at most; past it, ingestion answers 503 (HL7: AE).</summary>
    [Range(1_000, 10_000_000, ErrorMessage = "VitalsHistory:Capacity must be between 1000 and 10000000.")]
    public int Capacity { get; set; } = 500_000;

    /// <summary>Readings per insert, at most.</summary>
    [Range(1, 1_000_000, ErrorMessage = "VitalsHistory:BatchSize must be between 1 and 1000000.")]
    public int BatchSize { get; set; } = 20_000;

    /// <summary>Batches written at the same time, at most (each on a connection of its own).</summary>
    [Range(1, 32, ErrorMessage = "VitalsHistory:ConcurrentWrites must be between 1 and 32.")]
    public int ConcurrentWrites { get; set; } = 2;

    /// <summary>
    /// How long a batch may fill while readings keep coming before it is written (group commit): each COPY
    /// and commit has a cost of its own, so fewer, larger ones cost PostgreSQL less per reading. A device's
    /// answer comes at most this much later; its alarms never wait for it. See <see cref="FlushWhenQuietFor"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10", ErrorMessage = "VitalsHistory:FlushInterval must be between 0 and 10 s.")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A batch being filled is written as soon as no reading came for this long, however much of
    /// <see cref="FlushInterval"/> is left, if it holds as many calls as the last batch written: then every
    /// sender that could is waiting on it (a closed loop such as a gateway's MLLP connection), and waiting
    /// longer would only slow it down. A batch holding fewer is written early after ten times this silence.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01", ErrorMessage = "VitalsHistory:FlushWhenQuietFor must be between 0 and 1 s.")]
    public TimeSpan FlushWhenQuietFor { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// How long a reading's answer waits for its batch to be committed. A batch that takes longer means
    /// PostgreSQL is out or stalled: the silo's outage begins (<c>DatabaseOutage</c>), and readings are
    /// answered once buffered (bounded by <see cref="Capacity"/>) and written when it returns.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30", ErrorMessage = "VitalsHistory:AcknowledgeWithin must be between 100 ms and 30 s.")]
    public TimeSpan AcknowledgeWithin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The time each partition of the history covers, aligned to UTC midnight: a whole number of days, or
    /// a time that divides a day (tests use a minute, to cross many "midnights"). Retention drops a
    /// partition whole. Changing it later is safe: a new partition is cut short where an old one is in the way.
    /// </summary>
    public TimeSpan PartitionSpan { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The time each partition of the minute trends (<c>vitals_minutes</c>, and of their ten-minute
    /// aggregates, <c>vitals_ten_minutes</c>) covers; the same rules as <see cref="PartitionSpan"/>.
    /// </summary>
    public TimeSpan MinutePartitionSpan { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the minute trends take in what was stored since (a late batch joins its minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "VitalsHistory:RollupEvery must be between 1 s and 10 min.")]
    public TimeSpan RollupEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long full-resolution readings are kept; their partitions are dropped whole once past it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00", ErrorMessage = "VitalsHistory:FullResolutionFor must be between 1 minute and 3650 days.")]
    public TimeSpan FullResolutionFor { get; set; } = TimeSpan.FromHours(96);

    /// <summary>How long the minute trends (and their ten-minute aggregates) are kept; their partitions are dropped whole once past it.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "VitalsHistory:MinuteTrendsFor must be between 1 and 3650 days.")]
    public TimeSpan MinuteTrendsFor { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Partitions kept ready ahead of the current one, so that no write waits for one to be made at midnight.</summary>
    [Range(1, 30, ErrorMessage = "VitalsHistory:PartitionsAhead must be between 1 and 30.")]
    public int PartitionsAhead { get; set; } = 2;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, span) in new[] { (nameof(PartitionSpan), PartitionSpan), (nameof(MinutePartitionSpan), MinutePartitionSpan) })
        {
            if (PartitionSpans.Problem($"VitalsHistory:{name}", span) is { } problem)
            {
                yield return new ValidationResult(problem, [name]);
            }
        }

        if (MinuteTrendsFor < FullResolutionFor)
        {
            yield return new ValidationResult(
                $"VitalsHistory:MinuteTrendsFor ({MinuteTrendsFor}) must not be shorter than VitalsHistory:FullResolutionFor ({FullResolutionFor}): the trends are what remains once the readings are gone.",
                [nameof(MinuteTrendsFor)]);
        }
    }
}
