namespace Monitoring.Simulator;

/// <summary>
/// One set of vitals as the device measured it, numbered: sent again unchanged (same sequence, same times)
/// until acknowledged, so the backend recognises a batch it already took.
/// </summary>
public sealed record MeasuredBatch(long Sequence, VitalSignsSnapshot Vitals, DateTimeOffset At);
