namespace Monitoring.Simulator;

/// <summary>Batch counts at one moment; sent minus the other three is what is still in flight.</summary>
public readonly record struct CounterSnapshot(long Sent, long Accepted, long Duplicates, long Failed);
