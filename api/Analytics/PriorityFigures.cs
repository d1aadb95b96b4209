namespace Monitoring.Api.Analytics;

/// <summary>The figures of one alarm priority (<c>high</c>, <c>medium</c>, <c>low</c>).</summary>
public sealed record PriorityFigures(string Priority, AlarmFigures Figures);
