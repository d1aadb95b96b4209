namespace Monitoring.Api.Vitals;

/// <summary>One reading from the vitals history.</summary>
/// <param name="Source">Where it came from: <c>device:{id}</c>, or <c>entered</c> by a nurse or another system.</param>
public sealed record StoredReading(string Code, double Value, string Unit, DateTimeOffset At, string Source);
