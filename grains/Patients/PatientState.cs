using Monitoring.Alarms;
using Monitoring.News2;
using Monitoring.Vitals;

namespace Monitoring.Patients;

/// <summary>
/// A patient's snapshot: where they lie, their latest vitals, alarms, limits and settings, and the
/// alarm-history rows not yet written (an outbox, so a transition is never lost between the two stores).
/// </summary>
[GenerateSerializer, Alias("monitoring.patient-state")]
public sealed class PatientState
{
    [Id(0)]
    public string? UnitId { get; set; }

    [Id(1)]
    public string? Bed { get; set; }

    [Id(2)]
    public DateTimeOffset? AdmittedAt { get; set; }

    [Id(3)]
    public Dictionary<VitalSign, VitalValue> Latest { get; set; } = [];

    [Id(6)]
    public HashSet<string> Devices { get; set; } = [];

    [Id(7)]
    public AlarmBook Alarms { get; set; } = new();

    /// <summary>The patient's own changes to the unit's alarm rules.</summary>
    [Id(8)]
    public List<AlarmRuleOverride> LimitOverrides { get; set; } = [];

    /// <summary>NEWS2 SpO2 scale: 1, or 2 for hypercapnic respiratory failure.</summary>
    [Id(9)]
    public int SpO2Scale { get; set; } = 1;

    /// <summary>The unit's policy as last heard from the unit.</summary>
    [Id(10)]
    public UnitAlarmPolicy? UnitPolicy { get; set; }

    [Id(11)]
    public List<AlarmHistoryEntry> HistoryOutbox { get; set; } = [];

    /// <summary>The band of the last complete NEWS2: its RCP monitoring frequency applies when observations go stale.</summary>
    [Id(12)]
    public News2Band? LastCompleteNews2Band { get; set; }

    /// <summary>The version of the unit's policy in <see cref="UnitPolicy"/>; a resent older one changes nothing.</summary>
    [Id(13)]
    public long UnitPolicyVersion { get; set; }

    public bool IsAdmitted => UnitId is not null && Bed is not null;
}
