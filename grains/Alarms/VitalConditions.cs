using Monitoring.Vitals;

namespace Monitoring.Alarms;

/// <summary>Turns a reading into what it says about its sign's alarm conditions.</summary>
public static class VitalConditions
{
    public const string SensorFaultCode = "sensor-fault";

    /// <summary>A reading a living patient cannot have is a sensor fault (technical, medium priority).</summary>
    public static ConditionObservation SensorFault(Reading reading, bool implausible)
    {
        var code = VitalSignCatalog.Get(reading.Sign).Code;
        return new ConditionObservation($"{SensorFaultCode}:{code}", SensorFaultCode, AlarmKind.Technical, AlarmPriority.Medium,
            implausible ? ConditionStatus.Breaching : ConditionStatus.Clear, reading.Value, reading.At, TimeSpan.Zero, Vital: code);
    }

    /// <summary>The reading against the low and the high limit of its rule.</summary>
    public static IEnumerable<ConditionObservation> Limits(AlarmRule rule, Reading reading)
    {
        var code = VitalSignCatalog.Get(reading.Sign).Code;
        var value = reading.Value;
        if (rule.Low is { } low)
        {
            var status = value < low ? ConditionStatus.Breaching
                : value >= low + rule.Hysteresis ? ConditionStatus.Clear
                : ConditionStatus.Recovering;
            yield return new ConditionObservation(rule.LowCode, rule.LowCode, AlarmKind.Physiological, rule.LowPriority, status, value, reading.At, rule.ConditionDelay, code);
        }

        if (rule.High is { } high)
        {
            var status = value > high ? ConditionStatus.Breaching
                : value <= high - rule.Hysteresis ? ConditionStatus.Clear
                : ConditionStatus.Recovering;
            yield return new ConditionObservation(rule.HighCode, rule.HighCode, AlarmKind.Physiological, rule.HighPriority, status, value, reading.At, rule.ConditionDelay, code);
        }
    }
}
