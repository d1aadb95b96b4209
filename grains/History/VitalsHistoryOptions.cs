using System.ComponentModel.DataAnnotations;

namespace Monitoring.History;

/// <summary>Sizing of the vitals write-behind queue.</summary>
public sealed class VitalsHistoryOptions
{
    public const string Section = "VitalsHistory";

    /// <summary>Readings waiting to be written, at most; past it, ingestion answers 503.</summary>
    [Range(1_000, 10_000_000)]
    public int Capacity { get; set; } = 500_000;

    /// <summary>Readings per COPY, at most.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 20_000;

    /// <summary>How long a reading may wait for others before its batch is written.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
