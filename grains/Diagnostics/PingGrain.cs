using Microsoft.Extensions.Options;

namespace Monitoring.Diagnostics;

/// <summary>A stateless worker that does nothing, so that calling it costs only the call.</summary>
[StatelessWorker]
internal sealed class PingGrain(IOptions<DiagnosticsOptions> options) : Grain, IPingGrain
{
    public Task PingAsync() => Task.CompletedTask;

    public Task<long> CollectAndMeasureHeapAsync()
    {
        if (!options.Value.AllowHeapMeasurement)
        {
            throw new InvalidOperationException("Heap measurement is off on this silo (Diagnostics:AllowHeapMeasurement): it pauses the silo, so only the benchmark turns it on.");
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return Task.FromResult(GC.GetTotalMemory(forceFullCollection: true));
    }
}
