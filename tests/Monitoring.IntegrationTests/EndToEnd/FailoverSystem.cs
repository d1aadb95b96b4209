using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// A system of its own for tests that kill silos or wait for silence: a short device-offline time,
/// which would disturb the other tests. Failure detection is the silo's own (appsettings.json), as in
/// production. History batches wait 200 ms for each other, so that a silo lost under load always has
/// readings on their way to PostgreSQL.
/// </summary>
public sealed class FailoverSystem() : RunningSystem(new Dictionary<string, string>
{
    ["Alarms__DeviceOfflineAfter"] = "00:00:03",
    ["VitalsHistory__FlushInterval"] = "00:00:00.200",
});

[CollectionDefinition(Name)]
public sealed class FailoverCollection : ICollectionFixture<FailoverSystem>
{
    public const string Name = "failover system";
}
