using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Alarms;

namespace Monitoring.Push;

/// <summary>What the grains of a silo hand their events to, for every <c>api</c> host.</summary>
public interface IPushOutbox
{
    /// <summary>Queues a bed's latest vitals; they go out with the next flush, a few milliseconds later.</summary>
    void Queue(VitalsUpdate vitals);

    /// <summary>Sends alarm changes at once (with any vitals waiting), to every host.</summary>
    Task SendNowAsync(ImmutableArray<AlarmView> alarms, ImmutableArray<AlarmView> escalations);
}

/// <summary>
/// One per silo, outside any grain (the GPSTracker push pattern without the hop): patients queue
/// vitals with a method call, not a grain call, and the outbox hands them in batches to the observer
/// of every <c>api</c> host <see cref="PushOptions.FlushInterval"/> after the first of them was
/// queued. Alarms never wait. With nothing queued, nothing runs.
/// </summary>
/// <remarks>
/// Taking and sending happen one batch at a time, so a bed's vitals never overtake each other on their
/// way to a host. The calls to hosts are one-way: a slow host holds up nobody. On shutdown, what is
/// queued is sent before the silo leaves.
/// </remarks>
public sealed partial class PushOutbox(
    IGrainFactory grains,
    IOptions<PushOptions> options,
    TimeProvider time,
    ILogger<PushOutbox> logger) : BackgroundService, IPushOutbox
{
    private static readonly TimeSpan EmptyListRefresh = TimeSpan.FromMilliseconds(250);

    private readonly Lock _queueLock = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly SemaphoreSlim _flushDue = new(0);
    private int _flushScheduled;
    private List<VitalsUpdate> _vitals = [];
    private ImmutableArray<IMonitoringPushObserver> _observers = [];
    private DateTimeOffset _observersReadAt = DateTimeOffset.MinValue;

    public void Queue(VitalsUpdate vitals)
    {
        lock (_queueLock)
        {
            _vitals.Add(vitals);
        }

        if (Interlocked.Exchange(ref _flushScheduled, 1) == 0)
        {
            _flushDue.Release();
        }
    }

    public Task SendNowAsync(ImmutableArray<AlarmView> alarms, ImmutableArray<AlarmView> escalations) =>
        SendAsync(alarms, escalations);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await _flushDue.WaitAsync(stoppingToken);
                await Task.Delay(options.Value.FlushInterval, time, stoppingToken);
                // Vitals queued from here on schedule the next flush, even if this one takes them.
                Volatile.Write(ref _flushScheduled, 0);
                await SendAsync([], []);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await SendAsync([], []);
    }

    private async Task SendAsync(ImmutableArray<AlarmView> alarms, ImmutableArray<AlarmView> escalations)
    {
        await _sending.WaitAsync();
        try
        {
            var batch = new PushBatch(TakeVitals(), alarms, escalations);
            if (batch.IsEmpty)
            {
                return;
            }

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
        finally
        {
            _sending.Release();
        }
    }

    private ImmutableArray<VitalsUpdate> TakeVitals()
    {
        List<VitalsUpdate> taken;
        lock (_queueLock)
        {
            if (_vitals.Count == 0)
            {
                return [];
            }

            (taken, _vitals) = (_vitals, new List<VitalsUpdate>(_vitals.Count));
        }

        return [.. taken];
    }

    private async ValueTask<ImmutableArray<IMonitoringPushObserver>> ObserversAsync()
    {
        var now = time.GetUtcNow();
        // With no host known yet, look again soon: the first dashboard should not wait a full refresh.
        var refresh = _observers.IsEmpty ? EmptyListRefresh : options.Value.HostListRefresh;
        if (now - _observersReadAt >= refresh)
        {
            try
            {
                _observers = await grains.GetGrain<IPushHubRegistryGrain>(0).GetObserversAsync();
                _observersReadAt = now;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Keep the hosts known so far; the list is read again on the next send.
                LogRegistryUnavailable(exception);
            }
        }

        return _observers;
    }

    public override void Dispose()
    {
        _sending.Dispose();
        _flushDue.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push {Count} events to an api host")]
    private partial void LogPushFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the list of api hosts; pushing to the hosts known before")]
    private partial void LogRegistryUnavailable(Exception exception);
}
