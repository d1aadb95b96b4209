using Monitoring.Ingestion;

namespace Monitoring.Diagnostics;

/// <summary>An activation per key that does nothing but pass a batch on: see <see cref="IRelayGrain"/>.</summary>
internal sealed class RelayGrain : Grain, IRelayGrain
{
    // Awaited, as a device grain awaits its patient's answer before answering its own caller.
    public async Task<IngestResult> RelayAsync(long to, ReadingBatch batch) => await GrainFactory.GetGrain<IRelayGrain>(to).TakeAsync(batch);

    public Task<IngestResult> TakeAsync(ReadingBatch batch) => Task.FromResult(new IngestResult(IngestOutcome.Accepted, batch.Readings.Length));
}
