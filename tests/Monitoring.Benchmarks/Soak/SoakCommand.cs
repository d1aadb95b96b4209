using System.Globalization;
using Monitoring.Simulator;
using Npgsql;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// <c>Monitoring.Benchmarks soak ...</c>, run by deploy/soak.sh against the cluster it started: sets
/// up the ward, connects the unit clients, writes <c>load-started</c> (the script times its faults from
/// it), streams for the duration with fevers injected, samples every 10 s, lets the devices drain,
/// checks the history batch by batch and writes the report.
/// </summary>
public static class SoakCommand
{
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AlarmGrace = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = SoakOptions.Parse(args);
        var credentials = SimulatorCredentials.FromEnvironment(TimeProvider.System)
            ?? throw new InvalidOperationException("Set Auth__SigningKey (deploy/soak.sh does): devices and staff sign in with tokens made from it.");
        var output = Console.Out;
        var clock = new SoakClock();
        var traffic = new TrafficSeconds((int)(options.Duration + options.Drain).TotalSeconds + 120);
        using var sockets = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5), MaxConnectionsPerServer = 4096 };
        using var meter = new TrafficMeter(traffic, clock, options.RequestTimeout) { InnerHandler = sockets };
        using var http = new HttpClient(meter, disposeHandler: false) { BaseAddress = options.Api, Timeout = options.RequestTimeout };
        var api = new MonitoringApiClient(http, credentials, TimeProvider.System);
        var breaches = new BreachBook(options.Devices, options.WatchApis.Count, clock);
        var ledger = new AcknowledgedBatches(options.Devices);
        var counters = new StreamingCounters();
        // The devices' own messages (failure streaks, at most 20 lines per 10 s) go to a file of their own.
        await using var deviceLog = new StreamWriter(Path.Combine(options.RunDirectory, "devices.log")) { AutoFlush = true };
        var ward = new SoakWard(options, api, breaches, ledger, counters, TextWriter.Synchronized(deviceLog));

        output.WriteLine($"Admitting {options.Devices} patients and binding their devices through {options.Api} ...");
        await ward.AdmitAsync(CancellationToken.None);
        await using var watch = await UnitWatch.ConnectAsync(options.WatchApis, ward.Units, credentials, breaches, ward.DeviceOf, output);
        var sampler = new ProcessSampler(options.PidDirectory, options.PostgresData);
        var samples = new List<ProcessSample>();

        output.WriteLine($"Streaming for {options.Duration.TotalMinutes:0.#} min, {options.BreachesPerSecond} fevers a second ...");
        clock.Start();
        await File.WriteAllTextAsync(options.StartedFile, clock.StartedAtUnix.ToString("0.000", CultureInfo.InvariantCulture));
        samples.Add(sampler.Take(0, counters.Snapshot()));
        using var stop = new CancellationTokenSource();
        using var stopSampling = new CancellationTokenSource();
        var streaming = ward.StreamAsync(stop.Token);
        var sampling = SampleAsync(sampler, samples, clock, counters, traffic, breaches, output, stopSampling.Token);
        var breaching = BreachAsync(breaches, options.BreachesPerSecond, stop.Token);
        await Task.Delay(options.Duration - TimeSpan.FromSeconds(clock.ElapsedNow));
        await stop.CancelAsync();
        var loadEnd = (int)Math.Round(clock.ElapsedNow);
        output.WriteLine($"Load over at {SoakTargets.Clock(loadEnd)}; the devices send what they hold (up to {options.Drain.TotalSeconds:0} s) ...");
        await Task.WhenAll(streaming, breaching);
        await stopSampling.CancelAsync();
        await sampling;
        samples.Add(sampler.Take((int)Math.Round(clock.ElapsedNow), counters.Snapshot()));
        await Task.Delay(AlarmGrace);

        output.WriteLine("Looking for every acknowledged batch in vitals_readings ...");
        await using var database = NpgsqlDataSource.Create(options.Database);
        var history = await HistoryCheck.RunAsync(database, ward, ledger, TimeSpan.FromSeconds(60));
        var results = Collect(options, loadEnd, traffic, breaches, counters.Snapshot(), history, sampler.Names, samples);
        var report = new SoakReport(options, results);
        await report.WriteAsync();
        foreach (var line in report.SummaryLines().Concat(results.Totals))
        {
            output.WriteLine(line);
        }

        output.WriteLine($"Results: {options.ResultFile}; chart {options.Chart}; section added to {options.Markdown}.");
        return 0;
    }

    private static SoakResults Collect(
        SoakOptions options, int loadEnd, TrafficSeconds traffic, BreachBook breaches, CounterSnapshot devices, HistoryCheck history,
        IReadOnlyList<string> processes, IReadOnlyList<ProcessSample> samples)
    {
        var faults = Fault.Read(options.FaultsFile, loadEnd);
        // The chart and the table run on through the drain while requests were still being sent.
        var chartEnd = Enumerable.Range(loadEnd, traffic.Seconds - loadEnd).LastOrDefault(s => traffic.Sum(s, s + 1).Sent > 0, loadEnd - 1) + 1;
        chartEnd = (chartEnd + 9) / 10 * 10;
        var rowSize = chartEnd <= 360 ? 10 : chartEnd <= 1800 ? 30 : 60;
        return new SoakResults(
            loadEnd,
            chartEnd,
            traffic,
            faults,
            SoakWindow.Build(rowSize, chartEnd, traffic, breaches, samples, faults, processes),
            SoakWindow.Build(10, chartEnd, traffic, breaches, samples, faults, processes),
            SoakTargets.Evaluate(faults, loadEnd, traffic, breaches, devices, history, samples),
            SoakTotals.Describe(options, chartEnd, traffic, breaches, devices, history, faults, loadEnd),
            devices,
            history,
            processes,
            samples);
    }

    private static async Task BreachAsync(BreachBook breaches, int perSecond, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                breaches.Request(perSecond);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Every 10 s: a sample of the processes and the queues, and a progress line on the console.</summary>
    private static async Task SampleAsync(
        ProcessSampler sampler, List<ProcessSample> samples, SoakClock clock, StreamingCounters counters, TrafficSeconds traffic, BreachBook breaches, TextWriter output, CancellationToken stop)
    {
        try
        {
            // On the 10 s marks of the run, so that each row of the table ends with its own sample.
            for (var mark = SamplePeriod; ; mark += SamplePeriod)
            {
                if (mark - TimeSpan.FromSeconds(clock.ElapsedNow) is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, stop);
                }

                var sample = sampler.Take((int)mark.TotalSeconds, counters.Snapshot());
                samples.Add(sample);
                var (from, to) = (sample.Second - 20, sample.Second - 10); // requests of a window are all answered 10 s later
                var t = traffic.Sum(from, to);
                var latencies = breaches.Latencies(from, to);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{SoakTargets.Clock(sample.Second)}] {SoakTargets.Clock(Math.Max(0, from))}-{SoakTargets.Clock(Math.Max(0, to))}: sent {t.Sent} accepted {t.Accepted} 503 {t.Unavailable} other {t.TooMany + t.OtherStatus + t.ConnectionFailed} timed out {t.TimedOut} longest {t.LongestWaitMs} ms; alarm p99 {SoakWindow.Percentile(latencies, 0.99):0} ms; now waiting {sample.Waiting}, gave up {sample.GaveUp}; MiB {string.Join(' ', sample.MemoryMiB.Select(m => $"{m.Key}={m.Value:0}"))}"));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
