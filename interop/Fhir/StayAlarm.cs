using Monitoring.Alarms;

namespace Monitoring.Fhir;

/// <summary>One alarm of a stay, folded from its transitions in the alarm history (raised, acknowledged, escalated, resolved).</summary>
/// <param name="AlarmId">The alarm's id.</param>
/// <param name="Code">Its condition code (<c>hr-high</c>, <c>spo2-desat</c>, <c>device-offline</c>...).</param>
/// <param name="Kind">Physiological or technical.</param>
/// <param name="Priority">IEC 60601-1-8 priority (the highest it had).</param>
/// <param name="Vital">The vital sign's code (<c>hr</c>) the alarm is about, when there is one.</param>
/// <param name="Value">The value that raised it.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="AcknowledgedBy">Who acknowledged it (the sign-in's subject), if anyone did.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="EscalatedAt">When it first escalated to on-call, if it did.</param>
/// <param name="ResolvedAt">When its condition ended (or the stay did); <c>null</c> while it is still open.</param>
public sealed record StayAlarm(
    string AlarmId,
    string Code,
    AlarmKind Kind,
    AlarmPriority Priority,
    string? Vital,
    double? Value,
    DateTimeOffset RaisedAt,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? EscalatedAt,
    DateTimeOffset? ResolvedAt);
