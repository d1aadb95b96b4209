namespace Monitoring.Api.Analytics;

/// <summary>The figures of one kind of alarm (<c>physiological</c>, <c>technical</c>).</summary>
public sealed record KindFigures(string Kind, AlarmFigures Figures);
