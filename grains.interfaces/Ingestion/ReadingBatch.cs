using System.Collections.Immutable;
using Monitoring.Vitals;

namespace Monitoring.Ingestion;

/// <summary>
/// A batch of readings from one device. The device numbers its batches, so a batch it sends again
/// (after a timeout, say) is recognised and changes nothing. <paramref name="HoldsBackOthers"/>: its sender
/// sends nothing else until this batch is answered, though it has other devices' readings to send (a
/// gateway's one MLLP connection), so its commit is not left to wait out a busy ward's group commit.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.reading-batch")]
public sealed record ReadingBatch(
    [property: Id(0)] long Sequence,
    [property: Id(1)] ImmutableArray<Reading> Readings,
    [property: Id(2)] bool HoldsBackOthers = false);
