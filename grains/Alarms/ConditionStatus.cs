namespace Monitoring.Alarms;

/// <summary>Where a value stands against one alarm condition.</summary>
public enum ConditionStatus
{
    /// <summary>Past the limit.</summary>
    Breaching = 1,

    /// <summary>Back within the limit but not yet past the hysteresis band: an existing alarm's condition still holds.</summary>
    Recovering = 2,

    /// <summary>Clear of the limit and of its hysteresis band.</summary>
    Clear = 3,
}
