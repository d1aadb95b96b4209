namespace Monitoring.Api.Vitals;

/// <summary>One sign over one minute of the vitals history, from the plausible readings measured in it.</summary>
/// <param name="At">The minute's start.</param>
/// <param name="Value">The mean of the minute's readings.</param>
/// <param name="Last">The value measured last in the minute.</param>
/// <param name="Readings">How many readings the minute held.</param>
public sealed record MinuteTrend(string Code, DateTimeOffset At, double Value, double Low, double High, double Last, int Readings, string Unit);
