using System.Text.Json;

namespace Monitoring.Simulator;

/// <summary>Delivers a device's batches on its own WebSocket (<c>/api/v1/devices/{deviceId}/stream</c>), as a device that keeps its connection open.</summary>
public sealed class WebSocketReadingsChannel(BedAssignment bed, Uri api, SimulatorCredentials credentials) : IReadingsChannel
{
    private readonly ReadingsStream _stream = new(api, $"api/v1/devices/{Uri.EscapeDataString(bed.DeviceId)}/stream", () => credentials.ForDevice(bed.DeviceId));

    public Task<DeliveryReport> SendAsync(long sequence, VitalSignsSnapshot vitals, DateTimeOffset at, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(vitals);
        var message = JsonSerializer.SerializeToUtf8Bytes(new ReadingsBatch(sequence, vitals.ToReadings(at)), SimulatorJsonContext.Default.ReadingsBatch);
        return _stream.SendAsync(null, sequence, message, abort);
    }

    public void Disconnect() => _stream.Disconnect();

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}

/// <summary>
/// Delivers a device's batches through its gateway's shared WebSocket (<c>/api/v1/gateways/{gatewayId}/stream</c>),
/// each named by the device. A device that goes silent does not drop its gateway's connection.
/// </summary>
public sealed class GatewayReadingsChannel(BedAssignment bed, ReadingsStream gateway) : IReadingsChannel
{
    public Task<DeliveryReport> SendAsync(long sequence, VitalSignsSnapshot vitals, DateTimeOffset at, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(vitals);
        var message = JsonSerializer.SerializeToUtf8Bytes(new GatewayBatch(bed.DeviceId, sequence, vitals.ToReadings(at)), SimulatorJsonContext.Default.GatewayBatch);
        return gateway.SendAsync(bed.DeviceId, sequence, message, abort);
    }

    public void Disconnect()
    {
    }

    /// <summary>The connection is the gateway's, closed with the gateway.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>One message on a gateway's stream: a device's batch with the device named.</summary>
public sealed record GatewayBatch(string DeviceId, long Sequence, IReadOnlyList<Reading> Readings);
