using Monitoring.Alarms;
using Monitoring.Api.Http;

namespace Monitoring.Api.Limits;

/// <summary>
/// The field paths of one vital's rule in a limits request (<c>hr.low</c>, <c>spo2.lowTiers[0]</c>) and which
/// of them the request sent, so that a problem is reported against a field the sender can correct.
/// </summary>
public sealed class SentRuleFields(string vitalCode, AlarmRuleOverride sent)
{
    public string Hysteresis => vitalCode + ".hysteresis";

    public string Limit(LimitSide side) => $"{vitalCode}.{AlarmWords.Of(side)}";

    public string Priority(LimitSide side) => $"{vitalCode}.{AlarmWords.Of(side)}Priority";

    public string Tier(LimitSide side, int index) => $"{vitalCode}.{AlarmTiersJson.PropertyOf(side)}[{index}]";

    public bool SentLimit(LimitSide side) => (side == LimitSide.Low ? sent.Low : sent.High) is not null;

    public bool SentPriority(LimitSide side) => (side == LimitSide.Low ? sent.LowPriority : sent.HighPriority) is not null;

    public bool SentTiers(LimitSide side) => (side == LimitSide.Low ? sent.LowTiers : sent.HighTiers) is not null;

    /// <summary>
    /// Where an ordinary limit that could never clear is reported: the hysteresis when it was sent, else the
    /// limit sent (its own, then the other side's), else the hysteresis.
    /// </summary>
    public string ForOrdinaryClearing(LimitSide side)
    {
        var opposite = side == LimitSide.Low ? LimitSide.High : LimitSide.Low;
        return sent.Hysteresis is not null ? Hysteresis
            : SentLimit(side) ? Limit(side)
            : SentLimit(opposite) ? Limit(opposite)
            : Hysteresis;
    }
}
