namespace Monitoring.Ingestion;

/// <summary>
/// One device's batch among a gateway's (<see cref="IGatewayIngestGrain"/>), with the W3C trace context of the
/// message that carried it (<c>traceparent</c>), so that its grain calls join that message's trace.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.device-reading-batch")]
public sealed record DeviceReadingBatch(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] ReadingBatch Batch,
    [property: Id(2)] string? TraceParent = null);
