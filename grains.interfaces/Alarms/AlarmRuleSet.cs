using System.Collections.Immutable;
using Monitoring.Vitals;

namespace Monitoring.Alarms;

/// <summary>The alarm rules in force for a patient: adult defaults, then the unit's, then the patient's own.</summary>
public static class AlarmRuleSet
{
    /// <summary>
    /// Adult defaults. Continuous signals need their breach to hold for a few seconds (one noisy
    /// sample raises nothing); intermittent ones (NIBP, temperature) count from one measurement.
    /// Beyond the ordinary limits lie the high-priority tiers central stations ship (sources in
    /// docs/alarms.md): extreme brady- and tachycardia (Philips: low − 10, high + 20),
    /// asystole (ECG heart rate 0; the monitor declares it after about 4 s without a QRS), desaturation
    /// (Mindray 80 %, Philips 10 below the low limit; alarms at once, as Masimo's rapid desat) and
    /// apnoea (no breath for 20 s, GE and Philips). Pulse rate has no rule of its own: it feeds the
    /// heart-rate condition when there is no ECG.
    /// </summary>
    public static ImmutableArray<AlarmRule> AdultDefaults { get; } =
    [
        new(VitalSign.HeartRate, 40, 130, AlarmPriority.High, AlarmPriority.Medium, TimeSpan.FromSeconds(5), 5,
        [
            new(HeartRateExtremeLowCode, LimitSide.Low, 30, AlarmPriority.High, TimeSpan.FromSeconds(5), 5),
            new(AsystoleCode, LimitSide.Low, 1, AlarmPriority.High, TimeSpan.Zero, 0),
            new(HeartRateExtremeHighCode, LimitSide.High, 150, AlarmPriority.High, TimeSpan.FromSeconds(5), 5),
        ]),
        new(VitalSign.SpO2, 90, null, AlarmPriority.Medium, AlarmPriority.Low, TimeSpan.FromSeconds(10), 2,
        [
            new(DesaturationCode, LimitSide.Low, 80, AlarmPriority.High, TimeSpan.Zero, 2),
        ]),
        new(VitalSign.RespirationRate, 8, 25, AlarmPriority.High, AlarmPriority.Medium, TimeSpan.FromSeconds(10), 2,
        [
            new(ApnoeaCode, LimitSide.Low, 1, AlarmPriority.High, TimeSpan.FromSeconds(20), 0),
        ]),
        new(VitalSign.SystolicPressure, 90, 200, AlarmPriority.High, AlarmPriority.Medium, TimeSpan.Zero, 5),
        new(VitalSign.MeanArterialPressure, 60, null, AlarmPriority.Medium, AlarmPriority.Low, TimeSpan.Zero, 5),
        new(VitalSign.Temperature, 35.0, 39.0, AlarmPriority.Medium, AlarmPriority.Medium, TimeSpan.Zero, 0.3),
    ];

    public const string HeartRateExtremeLowCode = "hr-extreme-low";
    public const string HeartRateExtremeHighCode = "hr-extreme-high";
    public const string AsystoleCode = "asystole";
    public const string DesaturationCode = "spo2-desat";
    public const string ApnoeaCode = "apnoea";

    /// <summary>The rules with each override laid on the rule of its sign (a sign without a rule starts from none).</summary>
    public static ImmutableArray<AlarmRule> Apply(ImmutableArray<AlarmRule> rules, IEnumerable<AlarmRuleOverride> overrides)
    {
        var bySign = rules.ToDictionary(r => r.Sign);
        foreach (var change in overrides)
        {
            var rule = bySign.GetValueOrDefault(change.Sign) ?? new AlarmRule(change.Sign, null, null, AlarmPriority.Medium, AlarmPriority.Medium, TimeSpan.Zero, 0);
            bySign[change.Sign] = change.ApplyTo(rule);
        }

        return [.. bySign.Values.OrderBy(r => r.Sign)];
    }
}
