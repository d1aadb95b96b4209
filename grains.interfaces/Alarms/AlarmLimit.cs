namespace Monitoring.Alarms;

/// <summary>
/// One tier of a vital sign's limits on one side, e.g. "SpO2 below 80 % is <c>spo2-desat</c>, high priority, at once".
/// A value strictly beyond <see cref="Threshold"/> breaches it; the breach becomes an alarm once it has held for
/// <see cref="ConditionDelay"/>; a value must come back past the threshold by <see cref="Hysteresis"/> to cancel a
/// pending breach or to end the alarm's condition. Values in between neither start nor cancel anything.
/// </summary>
/// <param name="Code">The alarm code this tier raises (e.g. <c>hr-low</c>, <c>spo2-desat</c>, <c>asystole</c>); one condition per code.</param>
[GenerateSerializer, Immutable, Alias("monitoring.alarm-limit")]
public sealed record AlarmLimit(
    [property: Id(0)] string Code,
    [property: Id(1)] LimitSide Side,
    [property: Id(2)] double Threshold,
    [property: Id(3)] AlarmPriority Priority,
    [property: Id(4)] TimeSpan ConditionDelay,
    [property: Id(5)] double Hysteresis)
{
    /// <summary>Whether <paramref name="value"/> is past the limit.</summary>
    public bool IsBreachedBy(double value) => Side == LimitSide.Low ? value < Threshold : value > Threshold;

    /// <summary>Whether <paramref name="value"/> is back past the limit by the whole hysteresis band.</summary>
    public bool IsClearedBy(double value) => Side == LimitSide.Low ? value >= Threshold + Hysteresis : value <= Threshold - Hysteresis;

    /// <summary>Whether this limit lies further from normal than <paramref name="other"/> on the same side (a deeper tier).</summary>
    public bool IsBeyond(AlarmLimit other) => Side == LimitSide.Low ? Threshold < other.Threshold : Threshold > other.Threshold;
}
