namespace Monitoring.Simulator;

/// <summary>Delivers readings as JSON batches over the shared HTTP client; the sequence makes retries idempotent.</summary>
public sealed class HttpReadingsChannel(BedAssignment bed, MonitoringApiClient api) : IReadingsChannel
{
    public async Task<DeliveryReport> SendAsync(
        long sequence, VitalSignsSnapshot vitals, DateTimeOffset at, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(vitals);
        var batch = new ReadingsBatch(sequence, vitals.ToReadings(at));
        var (result, outcome) = await api.PostReadingsAsync(bed.DeviceId, batch, abort);
        return result == DeliveryResult.Failed ? DeliveryReport.Failed(outcome.Describe()) : new DeliveryReport(result, "");
    }

    /// <summary>Nothing to drop: connections belong to the shared pool, and a silent device simply stops posting.</summary>
    public void Disconnect()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
