namespace Monitoring.Api.Vitals;

/// <summary>One sign over one point of a trend (a minute, or several: <see cref="VitalsHistory.MinutesPerPoint"/>), from the plausible readings measured in it.</summary>
/// <param name="At">The point's start.</param>
/// <param name="Value">The mean of its readings.</param>
/// <param name="Last">The value measured last in it.</param>
/// <param name="Readings">How many readings it holds.</param>
public sealed record MinuteTrend(string Code, DateTimeOffset At, double Value, double Low, double High, double Last, int Readings, string Unit);
