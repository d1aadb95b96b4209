namespace Monitoring.Ingestion;

/// <summary>The answer to a reading batch.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.ingest-result")]
public sealed record IngestResult(
    [property: Id(0)] IngestOutcome Outcome,
    [property: Id(1)] int Accepted);
