namespace Monitoring.UnitTests.Simulator;

/// <summary>One readings request as the api received it: the sequence, and the readings as sent (codes, values, times).</summary>
public sealed record ReceivedBatch(long Sequence, string Readings);
