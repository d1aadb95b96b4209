namespace Monitoring.Alarms;

/// <summary>Why an alarm changed.</summary>
public enum AlarmTransitionReason
{
    Raised = 1,
    Acknowledged = 2,
    Resolved = 3,
    ReAlarmed = 4,
    Escalated = 5,
}
