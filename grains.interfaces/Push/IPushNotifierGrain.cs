namespace Monitoring.Push;

/// <summary>
/// A stateless worker on every silo that queues events and hands them, in batches, to every
/// registered <c>api</c> host (the GPSTracker push pattern).
/// </summary>
public interface IPushNotifierGrain : IGrainWithIntegerKey
{
    Task PublishAsync(PushBatch batch);
}
