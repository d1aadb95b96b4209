using System.Collections.Immutable;

namespace Monitoring.Alarms;

/// <summary>A change to a unit's alarm policy; null fields stay as they are.</summary>
/// <param name="RuleOverrides">When set, replaces the unit's changes to the adult default rules.</param>
[GenerateSerializer, Immutable, Alias("monitoring.unit-policy-change")]
public sealed record UnitPolicyChange(
    [property: Id(0)] ImmutableArray<AlarmRuleOverride>? RuleOverrides = null,
    [property: Id(1)] TimeSpan? EscalationWindow = null,
    [property: Id(2)] bool? EscalateMedium = null,
    [property: Id(3)] TimeSpan? ReAlarmAfter = null,
    [property: Id(4)] TimeSpan? News2ConditionDelay = null);
