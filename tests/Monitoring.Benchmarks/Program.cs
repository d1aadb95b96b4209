using Monitoring.Benchmarks;
using Npgsql;

// Runs against a system that deploy/benchmark.sh has just started; see BENCHMARKS.md. The soak
// (deploy/soak.sh) is a mode of its own.
if (args is ["soak", .. var soakArguments])
{
    return await Monitoring.Benchmarks.Soak.SoakCommand.RunAsync(soakArguments);
}

if (args is ["replay", .. var replayArguments])
{
    return await ReplayCommand.RunAsync(replayArguments);
}

var options = BenchmarkOptions.Parse(args);
var credentials = Monitoring.Simulator.SimulatorCredentials.FromEnvironment(TimeProvider.System)
    ?? throw new InvalidOperationException("Set Auth__SigningKey (deploy/benchmark.sh does): devices and staff sign in with tokens made from it.");
using var http = new HttpClient(new BenchmarkSignIn(credentials) { InnerHandler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) } })
{
    Timeout = TimeSpan.FromSeconds(30),
};
await using var cluster = await ClusterConnection.ConnectAsync(options.Database, options.ClusterId);
await using var database = NpgsqlDataSource.Create(options.Database);
var report = new BenchmarkReport(options);
var baselineDuration = TimeSpan.FromSeconds(10);

Console.WriteLine($"Baseline: a bare ASP.NET Core endpoint parsing the same JSON, driven by wrk ({options.Concurrency} connections) ...");
await using (var bare = await BareEndpoint.StartAsync())
{
    // Each wrk run has a warm-up of its own, so that both sides run compiled and optimised code.
    await Wrk.PostReadingsAsync(credentials, bare.Url, "x", 1, options.Concurrency, options.Warmup);
    report.BareEndpoint = await Wrk.PostReadingsAsync(credentials, bare.Url, "x", 1, options.Concurrency, baselineDuration);
}

Console.WriteLine($"  {report.BareEndpoint.PerSecond:0} req/s");
Console.WriteLine("Baseline: no-op grain calls from a client ...");
report.GrainCalls = await ClosedLoop.RunAsync(options.Concurrency, baselineDuration, async (_, _) =>
{
    await cluster.Client.GetGrain<Monitoring.IPingGrain>(0).PingAsync();
    return true;
});

Console.WriteLine($"  {report.GrainCalls.PerSecond:0} calls/s");
Console.WriteLine($"Ingest ceiling: the real api driven by wrk, {CeilingWard.Devices} devices, as fast as it takes batches ...");
var ceiling = new WardLoad(http, credentials, options.Api, CeilingWard.Devices, "ceiling" + Environment.ProcessId);
// No dashboards here: the ceiling is the ingest path alone. The wards below have them.
await ceiling.SetUpAsync(nurses: false);
await Wrk.PostReadingsAsync(credentials, options.Api, ceiling.DevicePrefix, CeilingWard.Devices, options.Concurrency, options.Warmup);
report.IngestCeiling = await Wrk.PostReadingsAsync(credentials, options.Api, ceiling.DevicePrefix, CeilingWard.Devices, options.Concurrency, baselineDuration);
Console.WriteLine($"  {report.IngestCeiling.PerSecond:0} req/s");
await ceiling.TearDownAsync();

Console.WriteLine($"Memory: {options.IdlePatients} idle patients ...");
report.IdleBytesPerPatient = await new IdlePatients(http, options.Api, cluster, database, options.IdlePatients).MeasureBytesPerPatientAsync();
Console.WriteLine($"  {report.IdleBytesPerPatient / 1024:0.0} KiB per idle patient");
if (options.StreamingPatients > 0)
{
    Console.WriteLine($"Memory: {options.StreamingPatients} patients streaming from their monitors ...");
    report.StreamingBytesPerPatient = await new StreamingPatients(http, credentials, options.Api, cluster, options.StreamingPatients)
        .MeasureBytesPerPatientAsync(TimeSpan.FromSeconds(10), FloorWindow.Of(options.Duration));
    Console.WriteLine($"  {report.StreamingBytesPerPatient / 1024:0.0} KiB per streaming patient with its device");
}

foreach (var devices in options.FloorDevices)
{
    foreach (var grains in new[] { 2, 1 })
    {
        Console.WriteLine($"Orleans' floor: {devices} calls a second, each through {grains} no-op grain(s) ...");
        var floor = await CallFloor.MeasureAsync(cluster, new MeasureWindow(options, report.Processes), devices, grains, TimeSpan.FromSeconds(5), FloorWindow.Of(options.Duration));
        report.Floors.Add(floor);
        Console.WriteLine($"  {floor.CallsPerSecond:0} calls/s answered, {floor.Failed} failed, silo {floor.SiloCores:0.00} cores = {floor.SiloMicrosecondsPerCall:0} µs a call");
    }
}

var wards = options.Devices.Select(devices => (devices, mllp: (Monitoring.Simulator.MllpAddress?)null, stream: WardTransport.Http, tag: "h"))
    .Concat(options.MllpDevices.Select(devices => (devices, mllp: options.Mllp, stream: WardTransport.Http, tag: "m")))
    .Concat(options.WebSocketDevices.Select(devices => (devices, mllp: (Monitoring.Simulator.MllpAddress?)null, stream: WardTransport.WebSocket, tag: "w")))
    .Concat(options.GatewayDevices.Select(devices => (devices, mllp: (Monitoring.Simulator.MllpAddress?)null, stream: WardTransport.Gateway, tag: "g")));
foreach (var (devices, mllp, stream, tag) in wards)
{
    var memoryBefore = await cluster.SiloMemoryAfterCollectionAsync();
    var ward = new WardLoad(http, credentials, options.Api, devices, $"{devices}{tag}{Environment.ProcessId}", mllp, stream);
    Console.WriteLine($"Ward of {devices} devices at 1 Hz over {ward.Transport}: setting up ...");
    try
    {
        await ward.SetUpAsync();
    }
    catch (HttpRequestException exception)
    {
        // Still refusing after every Retry-After (a ward too large for the machine before it, say): the
        // sizes measured so far are reported, and this one is said not to have been set up.
        report.NotSetUp.Add($"{devices:N0} devices over {ward.Transport}: {exception.Message}");
        Console.WriteLine($"  could not be set up: {exception.Message}");
        continue;
    }

    var window = new MeasureWindow(options, report.Processes);
    Console.WriteLine($"  {options.Warmup.TotalSeconds:0} s warm-up, {options.Duration.TotalSeconds:0} s measured ...");
    var result = await ward.RunAsync(options.Warmup, options.Duration, options.BreachesPerSecond, window.StartAsync, window.EndAsync);
    var memoryAfter = await cluster.SiloMemoryAfterCollectionAsync();
    var lost = await ward.LostReadingsAsync(database, TimeSpan.FromSeconds(30));
    report.Add(result, window, (memoryAfter - memoryBefore) / devices, lost);
    Console.WriteLine(report.LastLine);
    await ward.TearDownAsync();
}

Console.WriteLine("Vitals history on disk ...");
report.History = await HistoryFootprint.MeasureAsync(database);
Console.WriteLine($"  {report.History.BatchRowBytesPerReading:0} bytes per reading as batch rows, {report.History.OneRowPerReadingBytesPerReading:0} one row each");
if (options.HistoryBeds > 0)
{
    // After the footprint, which is of what the wards streamed: these rows are generated.
    report.HistoryAtScale = await new HistoryAtScale(http, options.Api, database, options.HistoryBeds, options.HistoryDays, "hs" + Environment.ProcessId)
        .MeasureAsync(() => new WardLoad(http, credentials, options.Api, options.HistoryWard, $"hw{Environment.ProcessId}"), options.Warmup, options.Duration);
}

await report.WriteAsync();
Console.WriteLine($"Results: {options.ResultFile}; table added to {options.Markdown}.");
return 0;

/// <summary>How long Orleans' floor is measured at each size: as long as a ward, at most 20 s (it varies little).</summary>
internal static class FloorWindow
{
    public static TimeSpan Of(TimeSpan wardDuration) => wardDuration < TimeSpan.FromSeconds(20) ? wardDuration : TimeSpan.FromSeconds(20);
}

/// <summary>The ward the ingest ceiling is measured on: enough patients that no one grain is the limit.</summary>
internal static class CeilingWard
{
    public const int Devices = 256;
}
