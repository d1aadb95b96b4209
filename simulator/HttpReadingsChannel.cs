namespace Monitoring.Simulator;

/// <summary>Delivers readings as JSON batches over the shared HTTP client; the sequence makes resends idempotent.</summary>
public sealed class HttpReadingsChannel(BedAssignment bed, MonitoringApiClient api) : IReadingsChannel
{
    public Task<DeliveryReport> SendAsync(long sequence, VitalSignsSnapshot vitals, DateTimeOffset at, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(vitals);
        return api.PostReadingsAsync(bed.DeviceId, new ReadingsBatch(sequence, vitals.ToReadings(at)), abort);
    }

    /// <summary>Nothing to drop: connections belong to the shared pool, and a silent device simply stops posting.</summary>
    public void Disconnect()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
