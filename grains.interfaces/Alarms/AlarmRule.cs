using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Monitoring.Vitals;

namespace Monitoring.Alarms;

/// <summary>
/// The alarm rule of one vital sign: its ordinary low and high limit (<see cref="Low"/>, <see cref="High"/>, with
/// their priorities, one condition delay and one hysteresis band) and any deeper tiers beyond them
/// (<see cref="Tiers"/>: desaturation, extreme brady- and tachycardia, asystole, apnoea), each with its own
/// priority, delay and hysteresis. A value strictly below a low limit or above a high one is a breach.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarm-rule")]
public sealed record AlarmRule(
    [property: Id(0)] VitalSign Sign,
    [property: Id(1)] double? Low,
    [property: Id(2)] double? High,
    [property: Id(3)] AlarmPriority LowPriority,
    [property: Id(4)] AlarmPriority HighPriority,
    [property: Id(5)] TimeSpan ConditionDelay,
    [property: Id(6)] double Hysteresis,
    ImmutableArray<AlarmLimit> Tiers = default)
{
    [Id(7)]
    private ImmutableArray<AlarmLimit> _tiers = Tiers;

    /// <summary>The deeper tiers beyond the ordinary limits; never default (a rule stored before tiers existed has none).</summary>
    public ImmutableArray<AlarmLimit> Tiers
    {
        get => _tiers.IsDefault ? [] : _tiers;
        init => _tiers = value;
    }

    public string LowCode => VitalSignCatalog.Get(Sign).LowAlarmCode;

    public string HighCode => VitalSignCatalog.Get(Sign).HighAlarmCode;

    /// <summary>The deeper tiers on one side, as stored (in no particular order).</summary>
    public IEnumerable<AlarmLimit> TiersOn(LimitSide side) => Tiers.Where(t => t.Side == side);

    /// <summary>
    /// Every limit on <paramref name="side"/>, from the ordinary one to the most extreme: the ladder one
    /// condition climbs as the value moves away from normal.
    /// </summary>
    /// <remarks>
    /// Asked for every reading, so made once per rule: a rule is immutable, and a changed one (<c>with</c>) is
    /// another instance, with ladders of its own (the cache is keyed by the instance, not by its value).
    /// </remarks>
    public ImmutableArray<AlarmLimit> Ladder(LimitSide side)
    {
        var ladders = Ladders.GetValue(this, static rule => new LadderPair(rule.MakeLadder(LimitSide.Low), rule.MakeLadder(LimitSide.High)));
        return side == LimitSide.Low ? ladders.Low : ladders.High;
    }

    private static readonly ConditionalWeakTable<AlarmRule, LadderPair> Ladders = new();

    private sealed record LadderPair(ImmutableArray<AlarmLimit> Low, ImmutableArray<AlarmLimit> High);

    private ImmutableArray<AlarmLimit> MakeLadder(LimitSide side)
    {
        var ordinary = side == LimitSide.Low
            ? Low is { } low ? new AlarmLimit(LowCode, side, low, LowPriority, ConditionDelay, Hysteresis) : null
            : High is { } high ? new AlarmLimit(HighCode, side, high, HighPriority, ConditionDelay, Hysteresis) : null;
        var deeper = TiersOn(side);
        var all = ordinary is null ? deeper : deeper.Prepend(ordinary);
        return [.. side == LimitSide.Low ? all.OrderByDescending(t => t.Threshold) : all.OrderBy(t => t.Threshold)];
    }

    /// <summary>Every limit of the rule, both sides.</summary>
    public IEnumerable<AlarmLimit> AllLimits => Ladder(LimitSide.Low).Concat(Ladder(LimitSide.High));
}
