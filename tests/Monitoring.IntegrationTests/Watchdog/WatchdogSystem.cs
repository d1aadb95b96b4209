using Monitoring.IntegrationTests.EndToEnd;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Watchdog;

/// <summary>
/// A system of its own for the alarm-path watchdog's tests: a probe a second, an alarm missing when the next probe is
/// due, degraded after three such probes and clear after two on time; and the test hook that breaks one api host's push
/// (Diagnostics:EnableFaultHooks), which no other system has. PostgreSQL is reached through an <see cref="OutageProxy"/>,
/// so that a test can take it away.
/// </summary>
public sealed class WatchdogSystem() : OutageSystem(new Dictionary<string, string>
{
    ["Watchdog__Interval"] = "00:00:01",
    ["Watchdog__LateAfter"] = "00:00:01",
    ["Watchdog__DegradeAfter"] = "3",
    ["Watchdog__ClearAfter"] = "2",
    ["Diagnostics__EnableFaultHooks"] = "true",
});

[CollectionDefinition(Name)]
public sealed class WatchdogCollection : ICollectionFixture<WatchdogSystem>
{
    public const string Name = "watchdog system";
}
