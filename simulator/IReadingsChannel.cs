namespace Monitoring.Simulator;

/// <summary>One device's way of delivering its readings to the monitoring backend.</summary>
public interface IReadingsChannel : IAsyncDisposable
{
    /// <summary>
    /// Sends one batch once and says what the backend made of it; resending is the
    /// <see cref="StoreAndForwardQueue"/>'s job. Only <paramref name="abort"/> throws.
    /// </summary>
    Task<DeliveryReport> SendAsync(long sequence, VitalSignsSnapshot vitals, DateTimeOffset at, CancellationToken abort);

    /// <summary>Drops any connection the device holds, as when it loses power or network.</summary>
    void Disconnect();
}
