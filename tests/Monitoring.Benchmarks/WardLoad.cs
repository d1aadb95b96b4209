using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.Simulator;
using Npgsql;

namespace Monitoring.Benchmarks;

/// <summary>
/// A ward of N devices, each sending one batch of vitals a second (five as JSON over HTTP or on a WebSocket
/// stream, the device's own or its gateway's; seven in an IHE PCD-01 message over MLLP), with breaches injected on
/// beds chosen at known times; a SignalR client per unit of 20 beds measures how long each alarm takes from the
/// request that carried it to the nurse's screen.
/// </summary>
public sealed partial class WardLoad(HttpClient http, SimulatorCredentials credentials, Uri api, int devices, string run, MllpAddress? mllp = null, WardTransport stream = WardTransport.Http)
{
    /// <summary>Devices behind each gateway on a gateway ward.</summary>
    public const int GatewayDevices = 100;

    private readonly ReadingsStream?[] _streams = new ReadingsStream?[stream is WardTransport.WebSocket or WardTransport.Gateway ? devices : 0];
    private const int BedsPerUnit = 20;
    private readonly ConcurrentDictionary<string, long> _breachSentAt = new();
    private readonly ConcurrentDictionary<string, bool> _alarmSeen = new();

    // Breaches whose batch was not taken (refused, failed, or unanswered after the resends): the device was told to send
    // it again, which this generator does not go on doing; their alarms are not owed, so never counted as lost.
    private readonly ConcurrentDictionary<string, bool> _breachNotTaken = new();
    private readonly ConcurrentBag<double> _latencyMs = [];
    private readonly ConcurrentDictionary<int, bool> _breachNext = new();
    private readonly List<HubConnection> _nurses = [];
    private readonly SemaphoreSlim _alarmArrived = new(0);
    private readonly MllpReadingsChannel?[] _mllpChannels = new MllpReadingsChannel?[mllp is null ? 0 : devices];
    private long _accepted, _refused, _failed, _acceptedInAll;
    private volatile bool _measuring;
    private DateTimeOffset _started;

    private string Patient(int i) => $"b{run}-p{i}";

    // HL7 names a device by its EUI-64.
    private string Device(int i) => mllp is null ? $"{DevicePrefix}{i}" : DeviceEui64.For(Unit(i), i);

    private string Unit(int i) => $"b{run}-u{i / BedsPerUnit}";

    private static int Bed(int i) => i % BedsPerUnit + 1;

    /// <summary>Over HTTP, device <c>i</c> is this prefix followed by <c>i</c>.</summary>
    public string DevicePrefix => $"b{run}-d";

    public string Transport => mllp is not null ? "MLLP" : stream switch
    {
        WardTransport.WebSocket => "WebSocket",
        WardTransport.Gateway => "gateway",
        _ => "HTTP",
    };

    /// <summary>Readings in each batch: five vitals as JSON; HR, SpO2, RR, NIBP (three) and temperature over MLLP.</summary>
    public int ReadingsPerBatch => mllp is null ? 5 : Pcd01Message.ObservationCount;

    /// <summary>Admits the patients and binds the devices; with <paramref name="nurses"/>, a SignalR client joins each unit.</summary>
    public async Task SetUpAsync(bool nurses = true)
    {
        await Concurrently.ForEachAsync(devices, async i =>
        {
            await SetUpRequests.PostAsync(http, new Uri(api, "/api/v1/patients"), new { patientId = Patient(i), unitId = Unit(i), bed = Bed(i).ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await SetUpRequests.PutAsync(http, new Uri(api, $"/api/v1/devices/{Device(i)}/binding"), new { patientId = Patient(i) });
            if (mllp is not null)
            {
                _mllpChannels[i] = new MllpReadingsChannel(new BedAssignment(Unit(i), Bed(i), Patient(i), Device(i)), mllp);
            }
            else if (stream == WardTransport.WebSocket)
            {
                var device = Device(i);
                _streams[i] = new ReadingsStream(api, $"api/v1/devices/{device}/stream", () => credentials.ForDevice(device));
            }
        });

        if (stream == WardTransport.Gateway)
        {
            // One gateway per hundred devices, each registered for its own.
            for (var first = 0; first < devices; first += GatewayDevices)
            {
                var gateway = $"b{run}-gw{first / GatewayDevices}";
                var slice = Enumerable.Range(first, Math.Min(GatewayDevices, devices - first)).ToList();
                await SetUpRequests.PutAsync(http, new Uri(api, $"/api/v1/gateways/{gateway}"), new { devices = slice.Select(Device) });
                var shared = new ReadingsStream(api, $"api/v1/gateways/{gateway}/stream", () => credentials.ForGateway(gateway));
                slice.ForEach(i => _streams[i] = shared);
            }
        }

        if (mllp is not null)
        {
            // The listener takes messages only for the devices registered to their sender (this process, by
            // its source address); a ward measured earlier in the run is replaced.
            var address = await mllp.LocalAddressAsync(CancellationToken.None);
            await SetUpRequests.PutAsync(http, new Uri(api, "/api/v1/gateways/benchmark"), new { sourceAddress = address.ToString(), devices = Enumerable.Range(0, devices).Select(Device) });
        }

        foreach (var unit in Enumerable.Range(0, nurses ? (devices + BedsPerUnit - 1) / BedsPerUnit : 0))
        {
            var nurse = new HubConnectionBuilder().WithUrl(new Uri(api, "/hubs/monitoring"), o => o.AccessTokenProvider = () => Task.FromResult(credentials.ForStaff(BenchmarkSignIn.AllUnits).Parameter)).Build();
            nurse.On<JsonElement>("alarm", OnAlarm);
            await nurse.StartAsync();
            await nurse.InvokeAsync("JoinUnit", $"b{run}-u{unit}");
            _nurses.Add(nurse);
        }
    }

    /// <summary>Streams for warm-up plus duration; counts and breaches only during the duration.</summary>
    public async Task<WardResult> RunAsync(TimeSpan warmup, TimeSpan duration, int breachesPerSecond, Func<Task> onMeasureStart, Func<Task> onMeasureEnd)
    {
        using var stop = new CancellationTokenSource();
        _started = DateTimeOffset.UtcNow;
        var senders = Enumerable.Range(0, devices).Select(i => SendEverySecondAsync(i, stop.Token)).ToList();
        await Task.Delay(warmup);
        await onMeasureStart();
        _measuring = true;
        var clock = Stopwatch.StartNew();
        var breached = 0;
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1)))
        {
            while (clock.Elapsed < duration && await timer.WaitForNextTickAsync())
            {
                for (var k = 0; k < breachesPerSecond && breached < devices; k++)
                {
                    _breachNext[breached++] = true;
                }
            }
        }

        _measuring = false;
        var measured = clock.Elapsed;
        await onMeasureEnd();
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        // Alarms still on their way get a few seconds more; what never arrives is reported as lost.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (_latencyMs.Count < BreachesOwed())
            {
                await _alarmArrived.WaitAsync(grace.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return new WardResult(Transport, devices, ReadingsPerBatch, measured, _accepted, _refused, _failed, [.. _latencyMs], BreachesOwed());
    }

    /// <summary>Breaches whose batch was taken, or whose alarm came anyway (a batch taken whose answer was lost).</summary>
    private int BreachesOwed() => _breachSentAt.Count - _breachNotTaken.Keys.Count(p => !_alarmSeen.ContainsKey(p));

    /// <summary>
    /// Accepted readings (warm-up included) that are not in the vitals history once its write-behind
    /// queue has drained: readings accepted and then lost. Waits while they are still being written, until none
    /// has been for <paramref name="drain"/> (at most <see cref="HistoryRows.LongestWhileWritten"/>).
    /// </summary>
    public async Task<long> LostReadingsAsync(NpgsqlDataSource database, TimeSpan drain)
    {
        var expected = Interlocked.Read(ref _acceptedInAll) * ReadingsPerBatch;
        return expected - await HistoryRows.CountWhenDrainedAsync(database, $"b{run}-p", expected, drain);
    }

    public async Task TearDownAsync()
    {
        foreach (var nurse in _nurses)
        {
            await nurse.DisposeAsync();
        }

        foreach (var channel in _mllpChannels)
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }
        }

        foreach (var open in _streams.Distinct())
        {
            if (open is not null)
            {
                await open.DisposeAsync();
            }
        }

        await Concurrently.ForEachAsync(devices, async i => await http.DeleteAsync(new Uri(api, $"/api/v1/patients/{Patient(i)}")));
    }

    private async Task SendEverySecondAsync(int device, CancellationToken stop)
    {
        try
        {
            // Spread over the second, as real devices are.
            await Task.Delay(TimeSpan.FromSeconds((double)device / devices), stop);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            for (long sequence = 1; !stop.IsCancellationRequested; sequence++)
            {
                var breach = _breachNext.TryRemove(device, out _);
                if (breach)
                {
                    _breachSentAt[Patient(device)] = Stopwatch.GetTimestamp();
                }

                // The device's clock follows its schedule, so every batch has its own second even when the
                // generator runs late (HL7 times have whole seconds; the history keeps one row per time).
                var at = _started + TimeSpan.FromSeconds(sequence - 1 + (double)device / devices);
                bool taken;
                if (mllp is not null)
                {
                    taken = await SendMllpAsync(_mllpChannels[device]!, sequence, at, breach);
                }
                else if (_streams.Length > 0)
                {
                    var deviceId = stream == WardTransport.Gateway ? Device(device) : null;
                    var message = ReadingBodies.Message(sequence, at, breach, deviceId);
                    taken = await SendResendingAsync(() => _streams[device]!.SendAsync(deviceId, sequence, message, CancellationToken.None));
                }
                else
                {
                    taken = await SendAsync(device, breach ? ReadingBodies.Breach(sequence, at) : ReadingBodies.Normal(sequence, at));
                }

                if (breach && !taken)
                {
                    _breachNotTaken[Patient(device)] = true;
                }

                await timer.WaitForNextTickAsync(stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnAlarm(JsonElement alarm)
    {
        var received = Stopwatch.GetTimestamp();
        // Only the first arrival counts: the same alarm comes again when it changes (escalation, for one).
        var patient = alarm.GetProperty("patientId").GetString()!;
        if (alarm.GetProperty("code").GetString() == "sbp-low" && alarm.GetProperty("state").GetString() == "active"
            && _breachSentAt.TryGetValue(patient, out var sent) && _alarmSeen.TryAdd(patient, true))
        {
            _latencyMs.Add(Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds);
            _alarmArrived.Release();
        }
    }
}

/// <summary>What a ward run measured.</summary>
public sealed record WardResult(string Transport, int Devices, int ReadingsPerBatch, TimeSpan Measured, long Accepted, long Refused, long Failed, IReadOnlyList<double> AlarmLatencyMs, int Breaches);

/// <summary>How a ward's devices send (MLLP is chosen by its address).</summary>
public enum WardTransport
{
    Http,
    WebSocket,
    Gateway,
}
