using Monitoring.Vitals;

namespace Monitoring.Alarms;

/// <summary>
/// The alarm rule of one vital sign. A value strictly below <see cref="Low"/> or above <see cref="High"/>
/// is a breach; it becomes an alarm once it has held for <see cref="ConditionDelay"/>, and the alarm's
/// condition ends only when the value is back past the limit by <see cref="Hysteresis"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarm-rule")]
public sealed record AlarmRule(
    [property: Id(0)] VitalSign Sign,
    [property: Id(1)] double? Low,
    [property: Id(2)] double? High,
    [property: Id(3)] AlarmPriority LowPriority,
    [property: Id(4)] AlarmPriority HighPriority,
    [property: Id(5)] TimeSpan ConditionDelay,
    [property: Id(6)] double Hysteresis)
{
    public string LowCode => VitalSignCatalog.Get(Sign).Code + "-low";

    public string HighCode => VitalSignCatalog.Get(Sign).Code + "-high";
}
