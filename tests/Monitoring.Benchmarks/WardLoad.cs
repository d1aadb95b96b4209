using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Monitoring.Benchmarks;

/// <summary>
/// A ward of N devices, each sending one batch of five vitals a second over HTTP, with breaches
/// injected on beds chosen at known times; a SignalR client per unit of 20 beds measures how long
/// each alarm takes from the request that carried it to the nurse's screen.
/// </summary>
public sealed class WardLoad(HttpClient http, Uri api, int devices, string run)
{
    private const int BedsPerUnit = 20;
    private readonly ConcurrentDictionary<string, long> _breachSentAt = new();
    private readonly ConcurrentDictionary<string, bool> _alarmSeen = new();
    private readonly ConcurrentBag<double> _latencyMs = [];
    private readonly ConcurrentDictionary<int, bool> _breachNext = new();
    private readonly List<HubConnection> _nurses = [];
    private readonly SemaphoreSlim _alarmArrived = new(0);
    private long _accepted, _refused, _failed;
    private volatile bool _measuring;

    private string Patient(int i) => $"b{run}-p{i}";

    private string Device(int i) => $"b{run}-d{i}";

    private string Unit(int i) => $"b{run}-u{i / BedsPerUnit}";

    public async Task SetUpAsync()
    {
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, devices).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                (await http.PostAsJsonAsync(new Uri(api, "/api/v1/patients"), new { patientId = Patient(i), unitId = Unit(i), bed = (i % BedsPerUnit + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) })).EnsureSuccessStatusCode();
                (await http.PutAsJsonAsync(new Uri(api, $"/api/v1/devices/{Device(i)}/binding"), new { patientId = Patient(i) })).EnsureSuccessStatusCode();
            }
            finally
            {
                gate.Release();
            }
        }));

        foreach (var unit in Enumerable.Range(0, (devices + BedsPerUnit - 1) / BedsPerUnit))
        {
            var nurse = new HubConnectionBuilder().WithUrl(new Uri(api, "/hubs/monitoring")).Build();
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
            while (_latencyMs.Count < _breachSentAt.Count)
            {
                await _alarmArrived.WaitAsync(grace.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return new WardResult(devices, measured, _accepted, _refused, _failed, [.. _latencyMs], _breachSentAt.Count);
    }

    public async Task TearDownAsync()
    {
        foreach (var nurse in _nurses)
        {
            await nurse.DisposeAsync();
        }

        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, devices).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await http.DeleteAsync(new Uri(api, $"/api/v1/patients/{Patient(i)}"));
            }
            finally
            {
                gate.Release();
            }
        }));
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
                var body = breach ? ReadingBodies.Breach(sequence, DateTimeOffset.UtcNow) : ReadingBodies.Normal(sequence, DateTimeOffset.UtcNow);
                if (breach)
                {
                    _breachSentAt[Patient(device)] = Stopwatch.GetTimestamp();
                }

                await SendAsync(device, body);
                await timer.WaitForNextTickAsync(stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendAsync(int device, ByteArrayContentFactory body)
    {
        try
        {
            using var response = await http.PostAsync(new Uri(api, $"/api/v1/devices/{Device(device)}/readings"), body.Create());
            switch (response.StatusCode)
            {
                case HttpStatusCode.Accepted:
                    Count(ref _accepted);
                    break;
                case HttpStatusCode.ServiceUnavailable:
                    Count(ref _refused);
                    break;
                default:
                    Count(ref _failed);
                    break;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Count(ref _failed);
        }
    }

    private void Count(ref long counter)
    {
        if (_measuring)
        {
            Interlocked.Increment(ref counter);
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
public sealed record WardResult(int Devices, TimeSpan Measured, long Accepted, long Refused, long Failed, IReadOnlyList<double> AlarmLatencyMs, int Breaches);
