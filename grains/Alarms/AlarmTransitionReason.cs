namespace Monitoring.Alarms;

/// <summary>Why an alarm changed.</summary>
public enum AlarmTransitionReason
{
    Raised = 1,
    Acknowledged = 2,
    Resolved = 3,
    ReAlarmed = 4,
    Escalated = 5,

    /// <summary>A deeper tier of the same condition raised its own alarm (SpO2 low became desaturation).</summary>
    Superseded = 6,

    /// <summary>The limit it was raised against no longer exists (removed from the patient's or the unit's rules).</summary>
    LimitRemoved = 7,

    /// <summary>The device it was about was unbound from the patient.</summary>
    Unbound = 8,
}
