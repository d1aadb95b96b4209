namespace Monitoring.Simulator;

/// <summary>Body of <c>POST /api/v1/devices/{deviceId}/readings</c>; the sequence makes retries idempotent.</summary>
public sealed record ReadingsBatch(long Sequence, IReadOnlyList<Reading> Readings);
