using System.Net;
using Monitoring.Benchmarks;

// Runs against a system that deploy/benchmark.sh has just started; see BENCHMARKS.md.
var options = BenchmarkOptions.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    Timeout = TimeSpan.FromSeconds(30),
};
await using var cluster = await ClusterConnection.ConnectAsync(options.Database, options.ClusterId);
var report = new BenchmarkReport(options);
var baselineDuration = TimeSpan.FromSeconds(10);

Console.WriteLine("Baseline: a bare ASP.NET Core endpoint parsing the same JSON ...");
await using (var bare = await BareEndpoint.StartAsync())
{
    var body = ReadingBodies.Normal(1, DateTimeOffset.UtcNow);
    report.BareEndpoint = await ClosedLoop.RunAsync(options.Concurrency, baselineDuration, async (_, _) =>
    {
        using var response = await http.PostAsync(new Uri(bare.Url, "/api/v1/devices/x/readings"), body.Create());
        return response.StatusCode == HttpStatusCode.Accepted;
    });
}

Console.WriteLine($"  {report.BareEndpoint.PerSecond:0} req/s");
Console.WriteLine("Baseline: no-op grain calls from a client ...");
report.GrainCalls = await ClosedLoop.RunAsync(options.Concurrency, baselineDuration, async (_, _) =>
{
    await cluster.Client.GetGrain<Monitoring.IPingGrain>(0).PingAsync();
    return true;
});

Console.WriteLine($"  {report.GrainCalls.PerSecond:0} calls/s");
Console.WriteLine("Ingest ceiling: the real api, as fast as it takes batches ...");
var ceilingWard = new WardLoad(http, options.Api, options.Concurrency, "ceiling" + Environment.ProcessId);
await ceilingWard.SetUpAsync();
report.IngestCeiling = await ClosedLoop.RunAsync(options.Concurrency, baselineDuration, async (worker, n) =>
{
    using var response = await http.PostAsync(new Uri(options.Api, $"/api/v1/devices/bceiling{Environment.ProcessId}-d{worker}/readings"), ReadingBodies.Normal(n + 1, DateTimeOffset.UtcNow.AddMilliseconds(n)).Create());
    return response.StatusCode == HttpStatusCode.Accepted;
});
Console.WriteLine($"  {report.IngestCeiling.PerSecond:0} req/s");
await ceilingWard.TearDownAsync();

foreach (var devices in options.Devices)
{
    Console.WriteLine($"Ward of {devices} devices at 1 Hz: setting up ...");
    var memoryBefore = await cluster.SiloMemoryAfterCollectionAsync();
    var ward = new WardLoad(http, options.Api, devices, $"{devices}x{Environment.ProcessId}");
    await ward.SetUpAsync();
    var window = new MeasureWindow(options, report.Processes);
    Console.WriteLine($"Ward of {devices} devices: {options.Warmup.TotalSeconds:0} s warm-up, {options.Duration.TotalSeconds:0} s measured ...");
    var result = await ward.RunAsync(options.Warmup, options.Duration, options.BreachesPerSecond, window.StartAsync, window.EndAsync);
    var memoryAfter = await cluster.SiloMemoryAfterCollectionAsync();
    report.Add(result, window, (memoryAfter - memoryBefore) / devices);
    Console.WriteLine(report.LastLine);
    await ward.TearDownAsync();
}

await report.WriteAsync();
Console.WriteLine($"Results: {options.ResultFile}; table added to {options.Markdown}.");
