using System.Collections.Immutable;
using Monitoring.Ingestion;

namespace Monitoring;

/// <summary>
/// Takes the batches of many devices in one call, on the silo the call reaches, and hands each to its device
/// grain there: an api host sends a gateway stream's batches together, so that a batch costs one message between
/// the api and the silo among many rather than one of its own. Stateless; key 0.
/// </summary>
public interface IGatewayIngestGrain : IGrainWithIntegerKey
{
    /// <summary>Each batch's answer, in the order given: <see cref="IngestOutcome.NotTaken"/> for one whose call failed.</summary>
    Task<ImmutableArray<IngestResult>> IngestAsync(ImmutableArray<DeviceReadingBatch> batches);
}
