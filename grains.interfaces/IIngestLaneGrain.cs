using System.Collections.Immutable;
using Monitoring.Ingestion;

namespace Monitoring;

/// <summary>
/// A lane from an api host into the cluster: many devices' batches in one call, each handed to its device grain on
/// the silo, each answered as soon as its own device has answered (the answers stream back, several to a message).
/// One device that is slow holds back only its own answer. Keyed by lane number; it holds no state.
/// </summary>
public interface IIngestLaneGrain : IGrainWithIntegerKey
{
    /// <summary>One <see cref="DeviceBatchAnswer"/> for each batch given, in the order the devices answer.</summary>
    IAsyncEnumerable<DeviceBatchAnswer> IngestAsync(ImmutableArray<DeviceReadingBatch> batches);
}
