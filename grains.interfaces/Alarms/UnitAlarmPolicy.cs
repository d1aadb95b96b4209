using System.Collections.Immutable;

namespace Monitoring.Alarms;

/// <summary>What a care unit decides about alarms: its default rules and how unanswered alarms escalate.</summary>
/// <param name="Rules">The unit's default rule per vital sign.</param>
/// <param name="EscalationWindow">How long an alarm may stay unacknowledged before it goes to on-call, and then to the next level.</param>
/// <param name="EscalateMedium">Whether medium-priority alarms escalate too (high ones always do).</param>
/// <param name="ReAlarmAfter">How long an acknowledged alarm whose condition still holds stays quiet.</param>
/// <param name="News2ConditionDelay">How long a NEWS2 band must hold before it raises an alarm.</param>
[GenerateSerializer, Immutable, Alias("monitoring.unit-alarm-policy")]
public sealed record UnitAlarmPolicy(
    [property: Id(0)] ImmutableArray<AlarmRule> Rules,
    [property: Id(1)] TimeSpan EscalationWindow,
    [property: Id(2)] bool EscalateMedium,
    [property: Id(3)] TimeSpan ReAlarmAfter,
    [property: Id(4)] TimeSpan News2ConditionDelay)
{
    /// <summary>The highest escalation level: on-call, then the next level up.</summary>
    public const int MaxEscalationLevel = 2;

    public static UnitAlarmPolicy Default { get; } = new(
        AlarmRuleSet.AdultDefaults,
        TimeSpan.FromSeconds(30),
        EscalateMedium: false,
        ReAlarmAfter: TimeSpan.FromMinutes(2),
        News2ConditionDelay: TimeSpan.FromSeconds(10));
}
