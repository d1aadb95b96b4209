using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Alarms;

namespace Monitoring.Push;

/// <summary>
/// Queues events from the grains of its silo and hands them in batches to every <c>api</c> host:
/// vitals every few milliseconds, alarms and escalations at once.
/// </summary>
[StatelessWorker]
internal sealed partial class PushNotifierGrain(
    IOptions<PushOptions> options,
    TimeProvider time,
    ILogger<PushNotifierGrain> logger) : Grain, IPushNotifierGrain
{
    private static readonly TimeSpan EmptyListRefresh = TimeSpan.FromMilliseconds(250);

    private readonly List<VitalsUpdate> _vitals = [];
    private readonly List<AlarmView> _alarms = [];
    private readonly List<AlarmView> _escalations = [];
    private ImmutableArray<IMonitoringPushObserver> _observers = [];
    private DateTimeOffset _observersReadAt = DateTimeOffset.MinValue;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var flush = options.Value.FlushInterval;
        this.RegisterGrainTimer(FlushAsync, flush, flush);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        FlushAsync(cancellationToken);

    public Task PublishAsync(PushBatch batch)
    {
        _vitals.AddRange(batch.Vitals);
        _alarms.AddRange(batch.Alarms);
        _escalations.AddRange(batch.Escalations);
        return batch.IsUrgent ? FlushAsync(CancellationToken.None) : Task.CompletedTask;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_vitals.Count == 0 && _alarms.Count == 0 && _escalations.Count == 0)
        {
            return;
        }

        var batch = new PushBatch([.. _vitals], [.. _alarms], [.. _escalations]);
        _vitals.Clear();
        _alarms.Clear();
        _escalations.Clear();

        foreach (var observer in await ObserversAsync())
        {
            try
            {
                await observer.OnEventsAsync(batch);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One unreachable host must not keep events from the others; it expires from the registry.
                LogPushFailed(exception, batch.Count);
            }
        }
    }

    private async ValueTask<ImmutableArray<IMonitoringPushObserver>> ObserversAsync()
    {
        var now = time.GetUtcNow();
        // With no host known yet, look again soon: the first dashboard should not wait a full refresh.
        var refresh = _observers.IsEmpty ? EmptyListRefresh : options.Value.HostListRefresh;
        if (now - _observersReadAt >= refresh)
        {
            _observers = await GrainFactory.GetGrain<IPushHubRegistryGrain>(0).GetObserversAsync();
            _observersReadAt = now;
        }

        return _observers;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push {Count} events to an api host")]
    private partial void LogPushFailed(Exception exception, int count);
}
