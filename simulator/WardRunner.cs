using System.Globalization;

namespace Monitoring.Simulator;

/// <summary>
/// Runs the whole ward: waits for the api, admits a patient to every bed, binds a device to each and
/// streams until the duration ends or shutdown is requested.
/// </summary>
public sealed class WardRunner(SimulatorOptions options, MonitoringApiClient api, TimeProvider time, TextWriter output)
{
    private static readonly TimeSpan LivenessTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);
    private const int SetupParallelism = 8;

    /// <returns>The process exit code: 0 if nothing failed, otherwise 1.</returns>
    public async Task<int> RunAsync(CancellationToken shutdown)
    {
        output.WriteLine(Describe());
        var beds = Enumerable.Range(1, options.Beds).Select(bed => BedAssignment.Create(options.Unit, bed)).ToList();
        try
        {
            output.WriteLine($"Waiting for the api at {options.Api} (GET healthz/live, up to 60 s)...");
            if (!await api.WaitUntilLiveAsync(LivenessTimeout, shutdown))
            {
                output.WriteLine($"The api at {options.Api} did not become live within 60 s; giving up.");
                return 1;
            }

            if (!await AdmitAndBindAsync(beds, shutdown))
            {
                return 1;
            }
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            output.WriteLine("Stopped before streaming began; nothing sent.");
            return 0;
        }

        return await StreamAsync(beds, shutdown);
    }

    private async Task<bool> AdmitAndBindAsync(List<BedAssignment> beds, CancellationToken shutdown)
    {
        var problems = new string?[beds.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = shutdown };
        await Parallel.ForEachAsync(beds, parallel, async (bed, ct) =>
        {
            var admitted = await api.AdmitAsync(bed, ct);
            var bound = admitted.IsSuccess ? await api.BindAsync(bed, ct) : null;
            problems[bed.Bed - 1] = !admitted.IsSuccess ? $"admitting {bed.PatientId} failed: {admitted.Describe()}"
                : bound is { IsSuccess: false } ? $"binding {bed.DeviceId} failed: {bound.Describe()}"
                : null;
        });

        foreach (var bed in beds)
        {
            var problem = problems[bed.Bed - 1];
            output.WriteLine(problem is null
                ? $"bed {bed.BedLabel}: patient {bed.PatientId} <- device {bed.DeviceId}{(options.DeterioratingBeds.Contains(bed.Bed) ? " (deteriorating)" : "")}"
                : $"bed {bed.BedLabel}: {problem}");
        }

        var failures = problems.Count(p => p is not null);
        if (failures > 0)
        {
            output.WriteLine($"{failures} of {beds.Count} beds could not be set up; not streaming.");
        }

        return failures == 0;
    }

    private async Task<int> StreamAsync(List<BedAssignment> beds, CancellationToken shutdown)
    {
        using var stop = new CancellationTokenSource(
            options.Duration > TimeSpan.Zero ? options.Duration : Timeout.InfiniteTimeSpan, time);
        using var abort = new CancellationTokenSource();
        using var onShutdown = shutdown.Register(stop.Cancel);
        using var onStop = stop.Token.Register(() => abort.CancelAfter(ShutdownGrace));

        var counters = new StreamingCounters();
        var reporter = new ProgressReporter(counters, time, output);
        // Per-run base so a restarted simulator never reuses a sequence the api has already seen.
        var sequenceBase = time.GetUtcNow().ToUnixTimeSeconds() * 1000;
        var deterioration = new DeteriorationScenario(options.Ramp);

        var running = beds.Select(bed => StartDevice(bed, counters, sequenceBase, deterioration, stop.Token, abort.Token)).ToList();
        running.Add(reporter.RunAsync(stop.Token));
        await Task.WhenAll(running);

        reporter.WriteSummary();
        return counters.Snapshot().Failed == 0 ? 0 : 1;
    }

    private Task StartDevice(
        BedAssignment bed, StreamingCounters counters, long sequenceBase, DeteriorationScenario deterioration,
        CancellationToken stop, CancellationToken abort)
    {
        var vitals = new VitalSignsModel(
            options.Seed, bed.Bed, options.DeterioratingBeds.Contains(bed.Bed) ? deterioration : null);
        var device = new BedsideDevice(bed, vitals, api, counters, time, output, sequenceBase);
        var offset = options.Interval * (bed.Bed - 1) / options.Beds;
        return device.RunAsync(options.Interval, offset, stop, abort);
    }

    private string Describe()
    {
        var deteriorating = options.DeterioratingBeds.Count == 0
            ? "no deteriorating beds"
            : $"beds {string.Join(',', options.DeterioratingBeds)} deteriorating over {options.Ramp.TotalSeconds:0.#} s";
        var until = options.Duration > TimeSpan.Zero ? $"for {options.Duration.TotalSeconds:0.#} s" : "until Ctrl-C/SIGTERM";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Simulating {options.Beds} bedside devices on unit {options.Unit} against {options.Api}: one batch of 6 vitals per bed every {options.Interval.TotalSeconds:0.###} s, {deteriorating}, seed {options.Seed}, {until}.");
    }
}
