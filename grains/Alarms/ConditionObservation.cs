namespace Monitoring.Alarms;

/// <summary>
/// What one observation says about one alarm condition, e.g. "hr-high is breaching at 142, observed at 10:00:05".
/// </summary>
/// <param name="ConditionKey">Identifies the condition: one alarm per key at most (e.g. <c>hr-high</c>, <c>sensor-fault:spo2</c>).</param>
/// <param name="ObservedAt">When the value was measured (the device's clock).</param>
/// <param name="Ladder">
/// The tiers of one condition that deepens (<c>spo2:low</c>: <c>spo2-low</c>, then <c>spo2-desat</c>; <c>news2</c>: its
/// bands), or null for a condition on its own. One alarm per ladder: the deepest tier that holds.
/// </param>
/// <param name="Rank">The tier's depth in its ladder, 0 for the ordinary one.</param>
/// <param name="Detail">A word that goes with the alarm (the monitoring frequency of <c>news2-overdue</c>).</param>
public sealed record ConditionObservation(
    string ConditionKey,
    string Code,
    AlarmKind Kind,
    AlarmPriority Priority,
    ConditionStatus Status,
    double? Value,
    DateTimeOffset ObservedAt,
    TimeSpan ConditionDelay,
    string? Vital = null,
    string? DeviceId = null,
    string? Ladder = null,
    int Rank = 0,
    string? Detail = null);
