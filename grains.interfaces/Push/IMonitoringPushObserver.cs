namespace Monitoring.Push;

/// <summary>
/// One per <c>api</c> host: receives batches of events and forwards them to that host's SignalR
/// connections. One-way, so a slow or vanished host never holds up the grains.
/// </summary>
public interface IMonitoringPushObserver : IGrainObserver
{
    [OneWay]
    Task OnEventsAsync(PushBatch batch);
}
