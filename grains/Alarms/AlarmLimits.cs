using System.Collections.Frozen;
using Monitoring.Vitals;

namespace Monitoring.Alarms;

/// <summary>A set of alarm limits, one per vital sign at most.</summary>
public sealed class AlarmLimits
{
    private readonly FrozenDictionary<VitalSign, AlarmLimit> _limits;

    public AlarmLimits(IEnumerable<AlarmLimit> limits) => _limits = limits.ToFrozenDictionary(l => l.Sign);

    /// <summary>
    /// Adult defaults used until a unit or a patient sets its own: HR below 40 or above 130, SpO2
    /// below 90, RR below 8 or above 25, systolic below 90 or above 200, MAP below 60, temperature
    /// below 35.0 or above 39.0 C.
    /// </summary>
    public static AlarmLimits AdultDefaults { get; } = new(
    [
        new(VitalSign.HeartRate, 40, AlarmPriority.High, 130, AlarmPriority.Medium),
        new(VitalSign.PulseRate, 40, AlarmPriority.High, 130, AlarmPriority.Medium),
        new(VitalSign.SpO2, 90, AlarmPriority.Medium, null, AlarmPriority.Low),
        new(VitalSign.RespirationRate, 8, AlarmPriority.High, 25, AlarmPriority.Medium),
        new(VitalSign.SystolicPressure, 90, AlarmPriority.High, 200, AlarmPriority.Medium),
        new(VitalSign.MeanArterialPressure, 60, AlarmPriority.Medium, null, AlarmPriority.Low),
        new(VitalSign.Temperature, 35.0, AlarmPriority.Medium, 39.0, AlarmPriority.Medium),
    ]);

    /// <summary>The breach a reading makes, or null when it is within limits or its sign has none.</summary>
    public LimitBreach? Check(Reading reading) =>
        _limits.TryGetValue(reading.Sign, out var limit) ? limit.Check(reading.Value) : null;
}
