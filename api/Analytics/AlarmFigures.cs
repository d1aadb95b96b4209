namespace Monitoring.Api.Analytics;

/// <summary>
/// The figures of one group of alarms (a unit, a priority, a condition, a bed, a day, or a condition × bed ×
/// priority): each is defined in docs/alarm-analytics.md.
/// </summary>
/// <param name="Raised">Alarms whose raise falls in the period.</param>
/// <param name="SelfResolved">Of those, how many ended by themselves (reason <c>resolved</c>) within the self-resolved window of their raise, never acknowledged before.</param>
/// <param name="SelfResolvedShare"><see cref="SelfResolved"/> / <see cref="Raised"/>; null when none was raised.</param>
/// <param name="Acknowledged">Of those raised, how many were acknowledged (first acknowledgement before the follow-up horizon).</param>
/// <param name="AcknowledgeP50Seconds">Median of (first acknowledgement − raise) in seconds over the acknowledged ones (interpolated); null when none.</param>
/// <param name="AcknowledgeP90Seconds">90th percentile of the same (interpolated); null when none.</param>
/// <param name="Escalations">Escalation transitions that happened in the period.</param>
/// <param name="ReAlarms">Re-alarm transitions that happened in the period.</param>
public sealed record AlarmFigures(
    int Raised,
    int SelfResolved,
    double? SelfResolvedShare,
    int Acknowledged,
    double? AcknowledgeP50Seconds,
    double? AcknowledgeP90Seconds,
    int Escalations,
    int ReAlarms)
{
    public static readonly AlarmFigures None = new(0, 0, null, 0, null, null, 0, 0);
}
