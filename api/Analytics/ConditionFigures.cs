namespace Monitoring.Api.Analytics;

/// <summary>The figures of one alarm condition (its code, e.g. <c>spo2-low</c>, and its kind).</summary>
public sealed record ConditionFigures(string Code, string Kind, AlarmFigures Figures);
