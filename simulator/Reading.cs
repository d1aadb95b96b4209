namespace Monitoring.Simulator;

/// <summary>One measurement in a readings batch; <c>At</c> is UTC ISO-8601 with milliseconds.</summary>
public sealed record Reading(string Code, double Value, string At);
