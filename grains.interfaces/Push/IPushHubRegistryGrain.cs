using System.Collections.Immutable;

namespace Monitoring.Push;

/// <summary>
/// The list of <c>api</c> hosts that want events. Hosts register again periodically; a host that
/// stops doing so is dropped after a while.
/// </summary>
public interface IPushHubRegistryGrain : IGrainWithIntegerKey
{
    Task RegisterAsync(string hostId, IMonitoringPushObserver observer);

    Task UnregisterAsync(string hostId);

    [AlwaysInterleave]
    Task<ImmutableArray<IMonitoringPushObserver>> GetObserversAsync();
}
