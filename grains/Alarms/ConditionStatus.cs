namespace Monitoring.Alarms;

/// <summary>Where a value stands against one alarm condition.</summary>
public enum ConditionStatus
{
    /// <summary>Past the limit.</summary>
    Breaching = 1,

    /// <summary>
    /// Back within the limit but not yet past the hysteresis band: it neither starts nor cancels a pending
    /// breach, and an existing alarm's condition still holds. A breach that keeps returning is not lost in the band.
    /// </summary>
    Recovering = 2,

    /// <summary>Clear of the limit and of its hysteresis band: cancels a pending breach, ends an alarm's condition.</summary>
    Clear = 3,

    /// <summary>
    /// Nothing can be said (a NEWS2 score with parameters missing or stale does not prove the band is gone):
    /// an open alarm's condition still holds, but a breach that never became an alarm has lost its evidence
    /// and is dropped (one partial score raises nothing).
    /// </summary>
    Undetermined = 4,
}
