namespace Monitoring.Simulator;

/// <summary>One device's way of delivering its readings to the monitoring backend.</summary>
public interface IReadingsChannel : IAsyncDisposable
{
    /// <summary>Sends one batch, retrying as the transport allows; only <paramref name="abort"/> throws.</summary>
    Task<DeliveryReport> SendAsync(long sequence, VitalSignsSnapshot vitals, DateTimeOffset at, CancellationToken abort);

    /// <summary>Drops any connection the device holds, as when it loses power or network.</summary>
    void Disconnect();
}
