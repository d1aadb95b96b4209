using Monitoring.Simulator;

namespace Monitoring.Benchmarks.Soak;

/// <summary>A device's readings channel that notes each acknowledged batch in <see cref="AcknowledgedBatches"/>.</summary>
public sealed class LedgerChannel(IReadingsChannel inner, AcknowledgedBatches ledger, int device) : IReadingsChannel
{
    public async Task<DeliveryReport> SendAsync(long sequence, VitalSignsSnapshot vitals, DateTimeOffset at, CancellationToken abort)
    {
        var report = await inner.SendAsync(sequence, vitals, at, abort);
        if (report.IsAcknowledged)
        {
            ledger.Add(device, at, report.Result == DeliveryResult.Duplicate);
        }

        return report;
    }

    public void Disconnect() => inner.Disconnect();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
