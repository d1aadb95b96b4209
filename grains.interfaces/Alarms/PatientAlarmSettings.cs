using System.Collections.Immutable;

namespace Monitoring.Alarms;

/// <summary>What a patient has of their own over the unit's alarm policy: their changes to its rules, and their NEWS2 SpO2 scale.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.patient-alarm-settings")]
public sealed record PatientAlarmSettings(
    [property: Id(0)] ImmutableArray<AlarmRuleOverride> Overrides,
    [property: Id(1)] int SpO2Scale);
