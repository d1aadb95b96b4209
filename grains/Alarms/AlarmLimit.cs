using Monitoring.Vitals;

namespace Monitoring.Alarms;

/// <summary>
/// The alarm limits of one vital sign. A value strictly below <see cref="Low"/> or strictly above
/// <see cref="High"/> is a breach; a value on the limit is not.
/// </summary>
public sealed record AlarmLimit(
    VitalSign Sign,
    double? Low,
    AlarmPriority LowPriority,
    double? High,
    AlarmPriority HighPriority)
{
    private string Code => VitalSignCatalog.Get(Sign).Code;

    /// <summary>The breach this value makes, or null when it is within limits.</summary>
    public LimitBreach? Check(double value)
    {
        if (value < Low)
        {
            return new LimitBreach(Code + "-low", LowPriority);
        }

        if (value > High)
        {
            return new LimitBreach(Code + "-high", HighPriority);
        }

        return null;
    }
}
