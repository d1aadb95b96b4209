using Monitoring.Vitals;

namespace Monitoring.Replay;

/// <summary>One reading of a stored batch as a replay window holds it, before the batch is taken.</summary>
public record struct StoredReading(VitalSign Sign, double Value, DateTimeOffset At);
