using System.Collections.Immutable;
using System.Diagnostics;
using Monitoring.Ingestion;
using Monitoring.Vitals;

namespace Monitoring.Benchmarks;

/// <summary>
/// Orleans' own floor for a ward's batches on this machine: at a ward's rate, every "device" (a key of its own) sends
/// one five-reading batch a second from the benchmark's client, through one no-op activation to a second
/// (<see cref="IRelayGrain"/>, the device and patient grains with nothing of ours in them), over the cluster's TLS when
/// it has it. The silo's CPU per call is what a call per batch through two grains costs before any work of ours;
/// measured into one grain too, it shows what a model without the device grain's hop could save at most.
/// </summary>
public static class CallFloor
{
    private const long PatientKeys = 1L << 40;

    public static async Task<CallFloorResult> MeasureAsync(ClusterConnection cluster, MeasureWindow window, int devices, int grains, TimeSpan warmup, TimeSpan duration)
    {
        var at = DateTimeOffset.UtcNow;
        var batch = new ReadingBatch(1, [.. new[] { VitalSign.HeartRate, VitalSign.SpO2, VitalSign.RespirationRate, VitalSign.SystolicPressure, VitalSign.Temperature }.Select(s => new Reading(s, 80, at))]);
        long answered = 0, failed = 0;
        var running = new List<Task>();
        var clock = Stopwatch.StartNew();
        var measuring = false;
        long answeredAtStart = 0;
        TimeSpan startedAt = default;
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        long sent = 0;
        while (clock.Elapsed < warmup + duration)
        {
            if (!measuring && clock.Elapsed >= warmup)
            {
                await window.StartAsync();
                (measuring, answeredAtStart, startedAt) = (true, Interlocked.Read(ref answered), clock.Elapsed);
            }

            // Every device once a second, spread across it.
            for (var due = (long)(clock.Elapsed.TotalSeconds * devices); sent < due; sent++)
            {
                var device = sent % devices;
                running.Add(CallAsync(device));
            }

            running.RemoveAll(t => t.IsCompleted);
            await ticks.WaitForNextTickAsync();
        }

        await window.EndAsync();
        var measured = clock.Elapsed - startedAt;
        var answeredInWindow = Interlocked.Read(ref answered) - answeredAtStart;
        await Task.WhenAll(running);
        return new CallFloorResult(devices, grains, answeredInWindow / measured.TotalSeconds, failed, window.CpuCores.GetValueOrDefault("silo"), window.CpuCores.GetValueOrDefault("generator"));

        async Task CallAsync(long device)
        {
            try
            {
                var relay = cluster.Client.GetGrain<IRelayGrain>(device);
                await (grains == 2 ? relay.RelayAsync(PatientKeys + device, batch) : relay.TakeAsync(batch));
                Interlocked.Increment(ref answered);
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException)
            {
                Interlocked.Increment(ref failed);
            }
        }
    }
}

/// <summary>Calls a second answered (each through <see cref="Grains"/> activations), those that failed, and the CPU of the silo and of the client that made them.</summary>
public sealed record CallFloorResult(int Devices, int Grains, double CallsPerSecond, long Failed, double SiloCores, double ClientCores)
{
    public double SiloMicrosecondsPerCall => CallsPerSecond > 0 ? SiloCores * 1e6 / CallsPerSecond : double.NaN;
}
