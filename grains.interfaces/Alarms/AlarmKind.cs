namespace Monitoring.Alarms;

/// <summary>Whether an alarm is about the patient or about the equipment.</summary>
[GenerateSerializer, Alias("monitoring.alarm-kind")]
public enum AlarmKind
{
    Physiological = 1,
    Technical = 2,
}
