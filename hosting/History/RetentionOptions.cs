using System.ComponentModel.DataAnnotations;

namespace Monitoring.History;

/// <summary>
/// How long the alarm history and the audit trail are kept, and the time each of their partitions covers;
/// retention drops partitions whole, and records each drop in the audit trail. (The vitals history's are
/// <c>VitalsHistory:FullResolutionFor</c> and <c>MinuteTrendsFor</c>.) Read by the silo, which makes the
/// partitions and drops them, and by the api, which makes an audit partition when a row finds none.
/// </summary>
public sealed class RetentionOptions : IValidatableObject
{
    public const string Section = "Retention";

    /// <summary>How long alarm transitions are kept: as long as the minute trends by default, so an exported stay has its alarms as long as its trends.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00", ErrorMessage = "Retention:AlarmHistoryFor must be between 1 and 36500 days.")]
    public TimeSpan AlarmHistoryFor { get; set; } = TimeSpan.FromDays(400);

    /// <summary>How long the audit trail is kept (7 years by default); not shorter than <see cref="AlarmHistoryFor"/>.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00", ErrorMessage = "Retention:AuditTrailFor must be between 1 and 36500 days.")]
    public TimeSpan AuditTrailFor { get; set; } = TimeSpan.FromDays(2557);

    /// <summary>The time each partition of <c>alarm_history</c> covers.</summary>
    public TimeSpan AlarmHistoryPartitionSpan { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The time each partition of <c>audit_events</c> covers.</summary>
    public TimeSpan AuditTrailPartitionSpan { get; set; } = TimeSpan.FromDays(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, span) in new[] { (nameof(AlarmHistoryPartitionSpan), AlarmHistoryPartitionSpan), (nameof(AuditTrailPartitionSpan), AuditTrailPartitionSpan) })
        {
            if (PartitionSpans.Problem($"{Section}:{name}", span) is { } problem)
            {
                yield return new ValidationResult(problem, [name]);
            }
        }

        if (AuditTrailFor < AlarmHistoryFor)
        {
            yield return new ValidationResult(
                $"Retention:AuditTrailFor ({AuditTrailFor}) must not be shorter than Retention:AlarmHistoryFor ({AlarmHistoryFor}): the audit trail records who saw and changed the alarms, and each drop of the alarm history.",
                [nameof(AuditTrailFor)]);
        }
    }
}
