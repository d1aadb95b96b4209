using System.Collections.Immutable;
using Monitoring.Vitals;

namespace Monitoring.Alarms;

/// <summary>Turns a reading into what it says about its sign's alarm conditions.</summary>
public static class VitalConditions
{
    public const string SensorFaultCode = "sensor-fault";

    private static readonly Dictionary<VitalSign, string> SensorFaultKeys =
        Enum.GetValues<VitalSign>().ToDictionary(s => s, s => $"{SensorFaultCode}:{VitalSignCatalog.Get(s).Code}");

    /// <summary>The condition key of a sign's sensor fault (<c>sensor-fault:spo2</c>): one per sign, whichever device.</summary>
    public static string SensorFaultKey(VitalSign sign) => SensorFaultKeys[sign];

    /// <summary>A reading a living patient cannot have is a sensor fault (technical, medium priority) of the device that sent it.</summary>
    public static ConditionObservation SensorFault(VitalSign sign, double value, DateTimeOffset at, bool implausible, string? deviceId)
    {
        var code = VitalSignCatalog.Get(sign).Code;
        return new ConditionObservation(SensorFaultKey(sign), SensorFaultCode, AlarmKind.Technical, AlarmPriority.Medium,
            implausible ? ConditionStatus.Breaching : ConditionStatus.Clear, value, at, TimeSpan.Zero, Vital: code, DeviceId: deviceId);
    }

    /// <summary>The ladder a side of a rule forms (<c>hr:low</c>): one alarm at most among its tiers.</summary>
    public static string LadderOf(AlarmRule rule, LimitSide side) =>
        side == LimitSide.Low ? VitalSignCatalog.Get(rule.Sign).LowLadder : VitalSignCatalog.Get(rule.Sign).HighLadder;

    /// <summary>
    /// The value against every tier of one side of <paramref name="rule"/>, from the ordinary limit to the
    /// most extreme. <paramref name="source"/> is the sign the value came from (pulse rate feeds the heart-rate rule).
    /// </summary>
    public static IReadOnlyList<ConditionObservation> Tiers(AlarmRule rule, LimitSide side, double value, DateTimeOffset at, VitalSign source)
    {
        var ladder = rule.Ladder(side);
        if (ladder.IsEmpty)
        {
            return [];
        }

        var (name, vital) = (LadderOf(rule, side), VitalSignCatalog.Get(source).Code);
        var observations = new ConditionObservation[ladder.Length];
        for (var rank = 0; rank < ladder.Length; rank++)
        {
            var limit = ladder[rank];
            observations[rank] = new ConditionObservation(limit.Code, limit.Code, AlarmKind.Physiological, limit.Priority, StatusOf(limit, value),
                value, at, limit.ConditionDelay, vital, Ladder: name, Rank: rank);
        }

        return observations;
    }

    /// <summary>Whether <paramref name="value"/> is past any tier of the ladder.</summary>
    public static bool BreachesAny(ImmutableArray<AlarmLimit> ladder, double value)
    {
        foreach (var limit in ladder)
        {
            if (limit.IsBreachedBy(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Past the limit; back past it by the hysteresis band; or in between.</summary>
    public static ConditionStatus StatusOf(AlarmLimit limit, double value) =>
        limit.IsBreachedBy(value) ? ConditionStatus.Breaching
        : limit.IsClearedBy(value) ? ConditionStatus.Clear
        : ConditionStatus.Recovering;
}
