using Monitoring.Alarms;

namespace Monitoring.Units;

/// <summary>A unit's census (which patient lies in which bed) and its alarm policy.</summary>
[GenerateSerializer, Alias("monitoring.unit-state")]
public sealed class UnitState
{
    [Id(0)]
    public Dictionary<string, string> PatientByBed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The unit's changes to the adult default rules.</summary>
    [Id(1)]
    public List<AlarmRuleOverride> RuleOverrides { get; set; } = [];

    [Id(2)]
    public TimeSpan EscalationWindow { get; set; } = UnitAlarmPolicy.Default.EscalationWindow;

    [Id(3)]
    public bool EscalateMedium { get; set; } = UnitAlarmPolicy.Default.EscalateMedium;

    [Id(4)]
    public TimeSpan ReAlarmAfter { get; set; } = UnitAlarmPolicy.Default.ReAlarmAfter;

    [Id(5)]
    public TimeSpan News2ConditionDelay { get; set; } = UnitAlarmPolicy.Default.News2ConditionDelay;

    /// <summary>Counts the changes of the policy; 0 when stored by a release that did not count them.</summary>
    [Id(6)]
    public long PolicyVersion { get; set; }

    /// <summary>The patients that have not yet confirmed <see cref="PolicyVersion"/>.</summary>
    [Id(7)]
    public HashSet<string> UnconfirmedPatients { get; set; } = new(StringComparer.Ordinal);

    public UnitAlarmPolicy Policy =>
        new(AlarmRuleSet.Apply(AlarmRuleSet.AdultDefaults, RuleOverrides), EscalationWindow, EscalateMedium, ReAlarmAfter, News2ConditionDelay);
}
