using System.Globalization;
using Monitoring.Simulator.Noise;

namespace Monitoring.Simulator;

/// <summary>
/// Runs the whole ward: waits for the api, admits a patient to every bed, binds a device to each and
/// streams (over HTTP or MLLP) until the duration ends or shutdown is requested.
/// </summary>
public sealed class WardRunner(SimulatorOptions options, MonitoringApiClient api, SimulatorCredentials credentials, TimeProvider time, TextWriter output)
{
    private readonly Dictionary<string, ReadingsStream> _gatewayOf = new(StringComparer.Ordinal);
    private readonly AdtSource? _adt = options.Adt is { } adt ? new AdtSource(adt, time, output) : null;
    private readonly NoiseCounters _noise = new();

    private static readonly TimeSpan LivenessTimeout = TimeSpan.FromSeconds(60);
    // How long devices go on sending what they hold after the run ends; what is left then is lost.
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    /// <returns>The process exit code: 0 if no batch was refused or lost, otherwise 1.</returns>
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

            if (!await new WardAdmission(options, api, time, output, _adt).RunAsync(beds, shutdown))
            {
                return 1;
            }

            if (options.Transport == ReadingsTransport.Mllp && !await RegisterGatewayAsync(beds, shutdown))
            {
                return 1;
            }

            if (options.Transport == ReadingsTransport.Gateway && !await RegisterStreamingGatewaysAsync(beds, shutdown))
            {
                return 1;
            }
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            output.WriteLine("Stopped before streaming began; nothing sent.");
            return 0;
        }

        try
        {
            return await StreamAsync(beds, shutdown);
        }
        finally
        {
            if (_adt is not null)
            {
                await _adt.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Registers the simulator as an MLLP gateway (<c>simulator</c>, by the address its connections come from)
    /// for the ward's devices: the listener takes messages only for the devices registered to their sender.
    /// </summary>
    private async Task<bool> RegisterGatewayAsync(List<BedAssignment> beds, CancellationToken shutdown)
    {
        const string Gateway = "simulator";
        var address = await options.Mllp.LocalAddressAsync(shutdown);
        var registered = await api.RegisterGatewayAsync(Gateway, address, shutdown);
        var problem = registered.IsSuccess ? null : $"registering the MLLP gateway '{Gateway}' at {address} failed: {registered.Describe()}";
        if (problem is null)
        {
            var refused = new System.Collections.Concurrent.ConcurrentQueue<string>();
            await Parallel.ForEachAsync(beds, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = shutdown }, async (bed, ct) =>
            {
                var allowed = await api.AllowOverMllpAsync(Gateway, bed, ct);
                if (!allowed.IsSuccess)
                {
                    refused.Enqueue($"letting the MLLP gateway '{Gateway}' report for {bed.DeviceId} failed: {allowed.Describe()}");
                }
            });
            problem = refused.TryPeek(out var first) ? first : null;
        }

        output.WriteLine(problem ?? $"MLLP gateway '{Gateway}' (source address {address}) registered for the ward's {beds.Count} devices.");
        return problem is null;
    }

    /// <summary>
    /// Registers one gateway per <see cref="SimulatorOptions.GatewayDevices"/> beds (<c>sim-gw-{unit}-{n}</c>), each
    /// for its beds' devices, to stream over WebSocket with its token.
    /// </summary>
    private async Task<bool> RegisterStreamingGatewaysAsync(List<BedAssignment> beds, CancellationToken shutdown)
    {
        foreach (var (slice, index) in beds.Chunk(options.GatewayDevices).Select((slice, index) => (slice, index)))
        {
            var gatewayId = string.Create(CultureInfo.InvariantCulture, $"sim-gw-{options.Unit}-{index + 1}");
            var registered = await api.RegisterStreamingGatewayAsync(gatewayId, [.. slice.Select(b => b.DeviceId)], shutdown);
            if (!registered.IsSuccess)
            {
                output.WriteLine($"registering the gateway '{gatewayId}' failed: {registered.Describe()}");
                return false;
            }

            var stream = new ReadingsStream(options.Api, $"api/v1/gateways/{gatewayId}/stream", () => credentials.ForGateway(gatewayId));
            foreach (var bed in slice)
            {
                _gatewayOf[bed.DeviceId] = stream;
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_gatewayOf.Values.Distinct().Count()} gateways registered, each streaming for up to {options.GatewayDevices} of the ward's {beds.Count} devices."));
        return true;
    }

    private async Task<int> StreamAsync(List<BedAssignment> beds, CancellationToken shutdown)
    {
        using var stop = new CancellationTokenSource(
            options.Duration > TimeSpan.Zero ? options.Duration : Timeout.InfiniteTimeSpan, time);
        using var abort = new CancellationTokenSource();
        using var onShutdown = shutdown.Register(stop.Cancel);
        using var onStop = stop.Token.Register(() => abort.CancelAfter(ShutdownGrace));

        var counters = new StreamingCounters();
        var log = new DeviceEventLog(output, time);
        var backoff = new ResendBackoff(Random.Shared);
        var reporter = new ProgressReporter(counters, log, time, output);
        // Per-run base so a restarted simulator never reuses a sequence (or MLLP control id) the backend has seen.
        var sequenceBase = time.GetUtcNow().ToUnixTimeSeconds() * 1000;

        // Each bed's monitor can be taken off on its own (its patient discharged by the ADT feed), or with the run.
        var monitorsOn = beds.ToDictionary(bed => bed.Bed, _ => CancellationTokenSource.CreateLinkedTokenSource(stop.Token));
        var devices = beds.ToDictionary(bed => bed.Bed, bed => StartDevice(bed, counters, log, backoff, sequenceBase, monitorsOn[bed.Bed].Token, abort.Token));
        var running = devices.Values.ToList();
        running.Add(reporter.RunAsync(stop.Token));
        if (_adt is not null)
        {
            running.Add(_adt.RunAsync(beds, options.AdtEvery, async bed =>
            {
                // The monitor comes off before the patient leaves: it sends what it holds, then stops.
                await monitorsOn[bed.Bed].CancelAsync();
                await Task.WhenAny(devices[bed.Bed], Task.Delay(ShutdownGrace, time, CancellationToken.None));
            }, stop.Token));
        }

        running.Add(new NurseRounds(api, time, output).RunAsync(beds, stop.Token, bed => !monitorsOn[bed.Bed].IsCancellationRequested || stop.IsCancellationRequested));
        await Task.WhenAll(running);
        foreach (var monitor in monitorsOn.Values)
        {
            monitor.Dispose();
        }

        foreach (var gateway in _gatewayOf.Values.Distinct())
        {
            await gateway.DisposeAsync();
        }

        reporter.WriteSummary();
        if (options.Noise != NoiseLevel.Off)
        {
            output.WriteLine($"Noise produced: {_noise.Describe()}.");
        }

        var total = counters.Snapshot();
        return total.Refused == 0 && total.Lost == 0 ? 0 : 1;
    }

    private Task StartDevice(
        BedAssignment bed, StreamingCounters counters, DeviceEventLog log, ResendBackoff backoff, long sequenceBase,
        CancellationToken stop, CancellationToken abort)
    {
        var scenario = BedScenario.Create(options.ScenarioFor(bed.Bed), options);
        var vitals = new VitalSignsModel(options.Seed, bed.Bed, scenario, SignalNoise.ForBed(options, bed.Bed, _noise));
        IReadingsChannel channel = options.Transport switch
        {
            ReadingsTransport.Mllp => new MllpReadingsChannel(bed, options.Mllp),
            ReadingsTransport.WebSocket => new WebSocketReadingsChannel(bed, options.Api, credentials),
            ReadingsTransport.Gateway => new GatewayReadingsChannel(bed, _gatewayOf[bed.DeviceId]),
            _ => new HttpReadingsChannel(bed, api),
        };
        var queue = new StoreAndForwardQueue(options.QueueLimit, bed, channel, backoff, counters, log, time);
        var device = new BedsideDevice(bed, scenario, vitals, channel, queue, time, log, sequenceBase);
        // Spread over the interval, so 10,000 devices do not all send (or connect) on the same tick.
        var offset = options.Interval * (bed.Bed - 1) / options.Beds;
        return device.RunAsync(options.Interval, offset, stop, abort);
    }

    private string Describe()
    {
        var noisyBeds = options.Noise == NoiseLevel.Off ? 0 : NoiseShare.Count(options.Beds, options.NoiseShare);
        var vitals = noisyBeds == 0 ? "6 vitals" : "6 vitals (and the pulse rate on beds with noise)";
        var transport = options.Transport switch
        {
            ReadingsTransport.Mllp => $"HL7 ORU^R01 with {Pcd01Message.ObservationCount} OBX{(noisyBeds == 0 ? "" : " (and the pulse rate on beds with noise)")} over MLLP to {options.Mllp} (admission and binding over HTTP)",
            ReadingsTransport.WebSocket => $"one JSON batch of {vitals} on the device's own WebSocket",
            ReadingsTransport.Gateway => string.Create(CultureInfo.InvariantCulture, $"one JSON batch of {vitals} through its gateway's WebSocket ({options.GatewayDevices} devices a gateway)"),
            _ => $"one JSON batch of {vitals} over HTTP",
        };
        var noise = noisyBeds == 0
            ? "no noise"
            : string.Create(CultureInfo.InvariantCulture, $"{options.Noise.ToString().ToLowerInvariant()} noise (motion artefacts, probe-offs, brief SpO2 dips) on {noisyBeds} of {options.Beds} beds");
        var adt = options.Adt is { } feed
            ? string.Create(CultureInfo.InvariantCulture, $", admitted by ADT A01 over MLLP to {feed} then transferred and discharged one event every {options.AdtEvery.TotalSeconds:0.#} s")
            : "";
        var until = options.Duration > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"for {options.Duration.TotalSeconds:0.#} s")
            : "until Ctrl-C/SIGTERM";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Simulating {options.Beds} bedside devices on unit {options.Unit} against {options.Api}: {transport} per bed every {options.Interval.TotalSeconds:0.###} s, up to {options.QueueLimit} unacknowledged batches kept per bed, {ScenarioSummary.Describe(options)}, {noise}, seed {options.Seed}{adt}, {until}.");
    }
}
