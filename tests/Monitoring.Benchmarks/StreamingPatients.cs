namespace Monitoring.Benchmarks;

/// <summary>
/// Memory per streaming patient with its device: N patients, each with a monitor sending five vitals a second over
/// HTTP, all within limits (no alarm), measured as the silo's managed heap after a full collection before the ward is
/// set up and again while it streams, divided by N. The wards' own figure counts their injected breaches' alarms too.
/// </summary>
public sealed class StreamingPatients(HttpClient http, Monitoring.Simulator.SimulatorCredentials credentials, Uri api, ClusterConnection cluster, int patients)
{
    public async Task<double> MeasureBytesPerPatientAsync(TimeSpan warmup, TimeSpan duration)
    {
        var before = await cluster.SiloMemoryAfterCollectionAsync();
        var ward = new WardLoad(http, credentials, api, patients, "mem" + Environment.ProcessId);
        await ward.SetUpAsync(nurses: false);
        long after = 0;
        await ward.RunAsync(warmup, duration, breachesPerSecond: 0, () => Task.CompletedTask, async () => after = await cluster.SiloMemoryAfterCollectionAsync());
        await ward.TearDownAsync();
        return (after - before) / (double)patients;
    }
}
