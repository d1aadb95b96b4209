using System.Collections.Immutable;
using Monitoring.Ingestion;
using Monitoring.Vitals;

namespace Monitoring;

/// <summary>
/// The shape of a device's batch on the silo with nothing of ours in it: a call into one activation, which calls a
/// second and answers when it has. The benchmark measures the silo's CPU for it at a ward's rate (the floor Orleans
/// itself sets for a call per batch through a device grain and a patient grain).
/// </summary>
public interface IRelayGrain : IGrainWithIntegerKey
{
    /// <summary>Hands <paramref name="batch"/> to the relay keyed <paramref name="to"/> and answers with its answer.</summary>
    Task<IngestResult> RelayAsync(long to, ReadingBatch batch);

    /// <summary>Takes the batch and does nothing with it.</summary>
    Task<IngestResult> TakeAsync(ReadingBatch batch);
}
