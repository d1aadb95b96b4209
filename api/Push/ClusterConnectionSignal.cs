namespace Monitoring.Api.Push;

/// <summary>
/// Tells <see cref="PushRegistration"/> that the connection to the cluster changed (a silo died or
/// came back), so that it registers this host again at once. Kept apart from it because the Orleans
/// client itself creates this observer.
/// </summary>
public sealed class ClusterConnectionSignal : IClusterConnectionStatusObserver, IDisposable
{
    private readonly SemaphoreSlim _changed = new(0);

    public void NotifyClusterConnectionLost() => _changed.Release();

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) => _changed.Release();

    /// <summary>Waits for a change or for the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _changed.Dispose();
}
