namespace Monitoring.Simulator;

/// <summary>The api's answer to a readings batch.</summary>
public sealed record ReadingsAccepted(int Accepted, bool Duplicate);
