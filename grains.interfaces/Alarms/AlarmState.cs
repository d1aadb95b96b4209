namespace Monitoring.Alarms;

/// <summary>Where an alarm is in its lifecycle.</summary>
[GenerateSerializer, Alias("monitoring.alarm-state")]
public enum AlarmState
{
    Active = 1,
    Acknowledged = 2,
    Resolved = 3,
}
