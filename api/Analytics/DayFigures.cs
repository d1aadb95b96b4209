namespace Monitoring.Api.Analytics;

/// <summary>
/// The figures of one day of the period: the 24 hours from <see cref="Start"/> (days counted from the period's
/// <c>from</c>, so a period that starts at local midnight has local days), with the alarms raised by priority.
/// </summary>
public sealed record DayFigures(DateTimeOffset Start, int High, int Medium, int Low, AlarmFigures Figures);
