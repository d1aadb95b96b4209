namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>An <see cref="OutageSystem"/> whose vitals buffer holds a ward's readings through a long outage (the default 500,000).</summary>
public sealed class WardOutageSystem() : OutageSystem(bufferCapacity: 500_000);
