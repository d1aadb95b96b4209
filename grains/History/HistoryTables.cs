using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Monitoring.History;

/// <summary>The partitioned tables of the history, each with its partitions.</summary>
public sealed class HistoryTables(NpgsqlDataSource dataSource, IOptions<VitalsHistoryOptions> options, ILoggerFactory loggers)
{
    /// <summary><c>vitals_batches</c>: one row per batch of readings, by the time its first reading was measured.</summary>
    public TimePartitions Vitals { get; } =
        new(dataSource, "vitals_batches", options.Value.PartitionSpan, loggers.CreateLogger<TimePartitions>());

    /// <summary><c>vitals_minutes</c>: one row per patient, sign and minute, by the minute.</summary>
    public TimePartitions Minutes { get; } =
        new(dataSource, "vitals_minutes", options.Value.MinutePartitionSpan, loggers.CreateLogger<TimePartitions>());
}
