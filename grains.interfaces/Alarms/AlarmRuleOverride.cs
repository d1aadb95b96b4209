using System.Collections.Immutable;
using Monitoring.Vitals;

namespace Monitoring.Alarms;

/// <summary>
/// A change to the rule of one vital sign; every field left null keeps what the rule below it says
/// (a patient's override on top of the unit's rule, a unit's on top of the adult defaults).
/// <see cref="LowTiers"/> and <see cref="HighTiers"/>, when set, replace all deeper tiers on that side
/// (an empty list removes them).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarm-rule-override")]
public sealed record AlarmRuleOverride(
    [property: Id(0)] VitalSign Sign,
    [property: Id(1)] double? Low = null,
    [property: Id(2)] double? High = null,
    [property: Id(3)] AlarmPriority? LowPriority = null,
    [property: Id(4)] AlarmPriority? HighPriority = null,
    [property: Id(5)] TimeSpan? ConditionDelay = null,
    [property: Id(6)] double? Hysteresis = null,
    [property: Id(7)] ImmutableArray<AlarmLimit>? LowTiers = null,
    [property: Id(8)] ImmutableArray<AlarmLimit>? HighTiers = null)
{
    public AlarmRule ApplyTo(AlarmRule rule)
    {
        var low = LowTiers ?? [.. rule.TiersOn(LimitSide.Low)];
        var high = HighTiers ?? [.. rule.TiersOn(LimitSide.High)];
        return new(
            rule.Sign,
            Low ?? rule.Low,
            High ?? rule.High,
            LowPriority ?? rule.LowPriority,
            HighPriority ?? rule.HighPriority,
            ConditionDelay ?? rule.ConditionDelay,
            Hysteresis ?? rule.Hysteresis,
            [.. low.Concat(high)]);
    }
}
