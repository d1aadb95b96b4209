using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// A system of its own for tests that kill silos or wait for silence: quick failure detection and a
/// short device-offline time, which would disturb the other tests. History batches wait 200 ms for
/// each other, so that a silo lost under load always has readings on their way to PostgreSQL.
/// </summary>
public sealed class FailoverSystem() : RunningSystem(new Dictionary<string, string>
{
    ["Alarms__DeviceOfflineAfter"] = "00:00:03",
    ["Membership__ProbeTimeout"] = "00:00:02",
    ["Membership__NumMissedProbesLimit"] = "2",
    ["Membership__TableRefreshTimeout"] = "00:00:02",
    ["VitalsHistory__FlushInterval"] = "00:00:00.200",
});

[CollectionDefinition(Name)]
public sealed class FailoverCollection : ICollectionFixture<FailoverSystem>
{
    public const string Name = "failover system";
}
