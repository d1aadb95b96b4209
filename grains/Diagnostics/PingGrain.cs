namespace Monitoring.Diagnostics;

/// <summary>A stateless worker that does nothing, so that calling it costs only the call.</summary>
[StatelessWorker]
internal sealed class PingGrain : Grain, IPingGrain
{
    public Task PingAsync() => Task.CompletedTask;

    public Task<long> CollectAndMeasureHeapAsync()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return Task.FromResult(GC.GetTotalMemory(forceFullCollection: true));
    }
}
