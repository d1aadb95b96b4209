namespace Monitoring.History;

/// <summary>
/// A table partitioned by range on a timestamp: what <see cref="TimePartitions"/> needs to make its
/// partitions and retention to drop them.
/// </summary>
/// <param name="Parent">The partitioned table.</param>
/// <param name="Span">The time each partition covers (see <see cref="PartitionSpans"/>).</param>
/// <param name="RetainedFor">How long after a partition's end it is dropped.</param>
/// <param name="RecordedAs">
/// When set, retention records the drop of a partition in the audit trail (action
/// <c>{RecordedAs}.partition.detach</c> before the detach, <c>{RecordedAs}.partition.drop</c> after the drop).
/// </param>
public sealed record PartitionedTable(string Parent, TimeSpan Span, TimeSpan RetainedFor, string? RecordedAs = null)
{
    /// <summary><c>alarm_history</c>, by <c>occurred_at</c>: append-only, a clinical record.</summary>
    public static PartitionedTable AlarmHistory(RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new("alarm_history", options.AlarmHistoryPartitionSpan, options.AlarmHistoryFor, "alarm-history");
    }

    /// <summary><c>audit_events</c>, by <c>at</c>: append-only.</summary>
    public static PartitionedTable AuditTrail(RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new("audit_events", options.AuditTrailPartitionSpan, options.AuditTrailFor, "audit");
    }
}
