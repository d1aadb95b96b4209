namespace Monitoring.Ingestion;

/// <summary>
/// One device's batch among others given to the cluster in one call (<see cref="IIngestLaneGrain"/>), with the
/// W3C trace context of the request or message that carried it (<c>traceparent</c>), so that its grain calls join
/// that trace.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.device-reading-batch")]
public sealed record DeviceReadingBatch(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] ReadingBatch Batch,
    [property: Id(2)] string? TraceParent = null);
