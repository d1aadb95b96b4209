namespace Monitoring.Api.Analytics;

/// <summary>The figures of one bed of the unit, with its bed-days in the period and its alarms per bed-day (null without bed-days).</summary>
public sealed record BedFigures(string Bed, double BedDays, double? AlarmsPerBedDay, AlarmFigures Figures);
