using Monitoring.Alarms;

namespace Monitoring.Api.Alarms;

/// <summary>One transition of an alarm: the alarm after it, from which state, why, by whom, when, in which trace.</summary>
public sealed record AlarmHistoryRow(AlarmView Alarm, string? From, string To, string Reason, string? Actor, DateTimeOffset At, string? TraceId);
