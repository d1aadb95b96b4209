namespace Monitoring.Alarms;

/// <summary>IEC 60601-1-8 alarm priority; a larger value is more urgent.</summary>
[GenerateSerializer, Alias("monitoring.alarm-priority")]
public enum AlarmPriority
{
    Low = 1,
    Medium = 2,
    High = 3,
}
