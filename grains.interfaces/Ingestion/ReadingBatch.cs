using System.Collections.Immutable;
using Monitoring.Vitals;

namespace Monitoring.Ingestion;

/// <summary>
/// A batch of readings from one device. The device numbers its batches, so a batch it sends again
/// (after a timeout, say) is recognised and changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.reading-batch")]
public sealed record ReadingBatch(
    [property: Id(0)] long Sequence,
    [property: Id(1)] ImmutableArray<Reading> Readings);
