using System.Collections.Immutable;

namespace Monitoring.Watchdog;

/// <summary>The one board of the api hosts' watchdog statuses (<see cref="IWatchdogBoardGrain"/>), in memory.</summary>
internal sealed class WatchdogBoardGrain(TimeProvider time) : Grain, IWatchdogBoardGrain
{
    private readonly Dictionary<string, (WatchdogHostStatus Status, DateTimeOffset Until)> _byHost = new(StringComparer.Ordinal);

    public Task<ImmutableArray<WatchdogHostStatus>> ReportAsync(WatchdogHostStatus status, TimeSpan expiry)
    {
        ArgumentNullException.ThrowIfNull(status);
        var now = time.GetUtcNow();
        _byHost[status.Host] = (status, now + expiry);
        foreach (var host in _byHost.Where(kv => kv.Value.Until < now).Select(kv => kv.Key).ToList())
        {
            _byHost.Remove(host);
        }

        return Task.FromResult(_byHost.Values.Select(v => v.Status).OrderBy(s => s.Host, StringComparer.Ordinal).ToImmutableArray());
    }

    public Task WithdrawAsync(string host)
    {
        _byHost.Remove(host);
        return Task.CompletedTask;
    }
}
