namespace Monitoring.Hl7;

/// <summary>An OBX that gave no reading: its position among the message's OBX (1 for the first) and why.</summary>
public sealed record SkippedObservation(int Position, SkipReason Reason);
