namespace Monitoring.Alarms;

/// <summary>A value past one of its limits: the alarm condition it stands for.</summary>
/// <param name="Code">The alarm code, e.g. <c>hr-high</c> or <c>spo2-low</c>.</param>
/// <param name="Priority">The priority an alarm for it gets.</param>
public sealed record LimitBreach(string Code, AlarmPriority Priority);
