using Monitoring.Storage;

namespace Monitoring.Ingestion;

/// <summary>
/// The answer to the batch at <see cref="Index"/> of a call to <see cref="IIngestLaneGrain"/>: its device's
/// <see cref="Result"/>, or, when the call to the device failed, only how it failed (<see cref="Failure"/>), as the
/// silo classified it; whether such a batch was taken is not known, so its sender sends it again.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.device-batch-answer")]
public sealed record DeviceBatchAnswer(
    [property: Id(0)] int Index,
    [property: Id(1)] IngestResult? Result,
    [property: Id(2)] FailureKind? Failure = null);
