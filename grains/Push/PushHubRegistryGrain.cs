using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Monitoring.Storage;

namespace Monitoring.Push;

/// <summary>The one registry of <c>api</c> hosts that receive pushed events.</summary>
internal sealed class PushHubRegistryGrain(
    [PersistentState(StorageNames.PushHubsState, StorageNames.Provider)] IPersistentState<PushHubRegistryState> hosts,
    TimeProvider time,
    IOptions<PushOptions> options) : Grain, IPushHubRegistryGrain
{
    // When each host last registered; not stored, so after a restart every stored host gets a full expiry period.
    private readonly Dictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);

    private Dictionary<string, IMonitoringPushObserver> ObserverByHost => hosts.State.ObserverByHost;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var host in ObserverByHost.Keys)
        {
            _lastSeen[host] = now;
        }

        return Task.CompletedTask;
    }

    public async Task RegisterAsync(string hostId, IMonitoringPushObserver observer)
    {
        _lastSeen[hostId] = time.GetUtcNow();
        if (!ObserverByHost.TryGetValue(hostId, out var known) || !known.Equals(observer))
        {
            ObserverByHost[hostId] = observer;
            await hosts.WriteStateAsync();
        }
    }

    public async Task UnregisterAsync(string hostId)
    {
        _lastSeen.Remove(hostId);
        if (ObserverByHost.Remove(hostId))
        {
            await hosts.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<IMonitoringPushObserver>> GetObserversAsync()
    {
        var cutoff = time.GetUtcNow() - options.Value.HostExpiry;
        var live = ObserverByHost
            .Where(kv => _lastSeen.TryGetValue(kv.Key, out var seen) && seen >= cutoff)
            .Select(kv => kv.Value);
        return Task.FromResult<ImmutableArray<IMonitoringPushObserver>>([.. live]);
    }
}
