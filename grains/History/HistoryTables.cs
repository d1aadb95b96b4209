using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Monitoring.History;

/// <summary>The partitioned tables of the history, each with its partitions.</summary>
public sealed class HistoryTables(
    NpgsqlDataSource dataSource, IOptions<VitalsHistoryOptions> vitals, IOptions<RetentionOptions> retention, ILoggerFactory loggers)
{
    /// <summary><c>vitals_batches</c>: one row per batch of readings, by the time its first reading was measured.</summary>
    /// <remarks>Retention also waits for the minute trends to have taken a partition in.</remarks>
    public TimePartitions Vitals { get; } =
        new(dataSource, new("vitals_batches", vitals.Value.PartitionSpan, vitals.Value.FullResolutionFor), loggers.CreateLogger<TimePartitions>());

    /// <summary><c>vitals_minutes</c>: one row per patient, sign and minute, by the minute.</summary>
    public TimePartitions Minutes { get; } =
        new(dataSource, new("vitals_minutes", vitals.Value.MinutePartitionSpan, vitals.Value.MinuteTrendsFor), loggers.CreateLogger<TimePartitions>());

    /// <summary>
    /// <c>vitals_ten_minutes</c>: one row per patient, sign and ten minutes, by their start; partitioned and
    /// kept as the minutes are.
    /// </summary>
    public TimePartitions TenMinutes { get; } =
        new(dataSource, new("vitals_ten_minutes", vitals.Value.MinutePartitionSpan, vitals.Value.MinuteTrendsFor), loggers.CreateLogger<TimePartitions>());

    /// <summary><c>alarm_history</c>: one row per alarm transition, by when it happened.</summary>
    public TimePartitions AlarmHistory { get; } =
        new(dataSource, PartitionedTable.AlarmHistory(retention.Value), loggers.CreateLogger<TimePartitions>());

    /// <summary><c>audit_events</c>: one row per audited action, by when it was done.</summary>
    public TimePartitions AuditTrail { get; } =
        new(dataSource, PartitionedTable.AuditTrail(retention.Value), loggers.CreateLogger<TimePartitions>());

    /// <summary>Every one of them, in the order retention goes through them.</summary>
    public IReadOnlyList<TimePartitions> All => [Vitals, Minutes, TenMinutes, AlarmHistory, AuditTrail];
}
