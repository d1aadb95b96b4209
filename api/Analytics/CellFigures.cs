namespace Monitoring.Api.Analytics;

/// <summary>The figures of one condition at one bed at one priority: a row of the CSV export.</summary>
public sealed record CellFigures(string Code, string Kind, string Bed, string Priority, AlarmFigures Figures);
