namespace Monitoring.Alarms;

/// <summary>
/// What one observation says about one alarm condition, e.g. "hr-high is breaching at 142, observed at 10:00:05".
/// </summary>
/// <param name="ConditionKey">Identifies the condition: one alarm per key at most (e.g. <c>hr-high</c>, <c>sensor-fault:spo2</c>).</param>
/// <param name="ObservedAt">When the value was measured (the device's clock).</param>
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
    string? DeviceId = null);
