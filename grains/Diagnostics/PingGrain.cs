namespace Monitoring.Diagnostics;

/// <summary>A stateless worker that does nothing, so that calling it costs only the call.</summary>
[StatelessWorker]
internal sealed class PingGrain : Grain, IPingGrain
{
    public Task PingAsync() => Task.CompletedTask;
}
