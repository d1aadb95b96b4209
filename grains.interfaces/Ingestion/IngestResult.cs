namespace Monitoring.Ingestion;

/// <summary>
/// The answer to a reading batch. <see cref="RefusedBeforeBinding"/> counts readings measured before the
/// device was bound to its patient: they may belong to the one before, so they are not taken.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.ingest-result")]
public sealed record IngestResult(
    [property: Id(0)] IngestOutcome Outcome,
    [property: Id(1)] int Accepted,
    [property: Id(2)] int RefusedBeforeBinding = 0);
