using Monitoring.Push;

namespace Monitoring.Push;

/// <summary>
/// The registered <c>api</c> hosts. Kept in storage so that, when the silo holding the registry
/// dies, its successor can push at once instead of waiting for every host to register again.
/// </summary>
[GenerateSerializer, Alias("monitoring.push-hub-registry-state")]
public sealed class PushHubRegistryState
{
    [Id(0)]
    public Dictionary<string, IMonitoringPushObserver> ObserverByHost { get; set; } = new(StringComparer.Ordinal);
}
