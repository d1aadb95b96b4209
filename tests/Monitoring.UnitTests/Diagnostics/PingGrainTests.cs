using Microsoft.Extensions.Options;
using Monitoring.Diagnostics;

namespace Monitoring.UnitTests.Diagnostics;

public sealed class PingGrainTests
{
    [Fact]
    public async Task A_caller_cannot_pause_a_silo_with_a_forced_collection_unless_the_benchmark_turned_it_on()
    {
        var production = new PingGrain(Options.Create(new DiagnosticsOptions()));
        var benchmark = new PingGrain(Options.Create(new DiagnosticsOptions { AllowHeapMeasurement = true }));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(production.CollectAndMeasureHeapAsync);
        Assert.Contains("Diagnostics:AllowHeapMeasurement", refused.Message, StringComparison.Ordinal);
        Assert.True(await benchmark.CollectAndMeasureHeapAsync() > 0);
    }
}
