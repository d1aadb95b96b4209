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
    public int ConcurrentWrites { get; set; } = 4;

    /// <summary>
    /// How long the first reading of a batch waits for others before the batch is written. Under load
    /// batches fill by themselves while the previous one is being written; this only groups a trickle.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10", ErrorMessage = "VitalsHistory:FlushInterval must be between 0 and 10 s.")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(2);

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

    /// <summary>Partitions kept ready ahead of the current one, so that no write waits for one to be made at midnight.</summary>
    [Range(1, 30, ErrorMessage = "VitalsHistory:PartitionsAhead must be between 1 and 30.")]
    public int PartitionsAhead { get; set; } = 2;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var day = TimeSpan.FromDays(1);
        if (PartitionSpan < TimeSpan.FromMinutes(1) || PartitionSpan > TimeSpan.FromDays(31)
            || (PartitionSpan < day ? day.Ticks % PartitionSpan.Ticks : PartitionSpan.Ticks % day.Ticks) != 0
            || PartitionSpan.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            yield return new ValidationResult(
                $"VitalsHistory:PartitionSpan must be whole minutes that divide a day (00:01:00 to 1.00:00:00), or whole days up to 31; it is {PartitionSpan}.",
                [nameof(PartitionSpan)]);
        }
    }
}
