namespace Monitoring.Alarms;

/// <summary>One change of an alarm: what it was, what it became, who or what caused it and when.</summary>
/// <param name="Alarm">The alarm after the change.</param>
/// <param name="From">Its state before; null when it was raised.</param>
/// <param name="Actor">Who caused it (the acknowledging user), or null for the system.</param>
public sealed record AlarmTransition(Alarm Alarm, AlarmState? From, AlarmTransitionReason Reason, string? Actor, DateTimeOffset At)
{
    /// <summary>Unique per alarm and transition, so that writing the history twice stores it once.</summary>
    public string Key => $"{Alarm.AlarmId}#{Alarm.Transitions}";
}
