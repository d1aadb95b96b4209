namespace Monitoring.Alarms;

/// <summary>Which side of a vital sign a limit guards: a value below a low limit, or above a high one, breaches it.</summary>
[GenerateSerializer, Alias("monitoring.limit-side")]
public enum LimitSide
{
    Low = 1,
    High = 2,
}
