using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Security;

/// <summary>A system with the rate limits a hospital would set low enough to reach in a test.</summary>
public sealed class LimitedSystem() : RunningSystem(new Dictionary<string, string>
{
    ["RateLimits__DevicePerSecond"] = "10",
    ["RateLimits__PersonPerSecond"] = "10",
    ["RateLimits__AnonymousPerSecond"] = "10",
});
