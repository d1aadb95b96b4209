using System.Collections.Concurrent;
using System.Net;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// A silo stopped with SIGTERM while its patients' devices stream: it drains before it leaves, so every
/// reading the devices were told was accepted is in the history, and every patient still has its alarm.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class GracefulStopTests(FailoverSystem system)
{
    private const int Beds = 12;
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(100);
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_silo_stopped_under_load_drains_and_loses_no_accepted_reading_and_no_alarm()
    {
        var second = await system.StartAdditionalSiloAsync();
        await using var probe = await ClusterProbe.ConnectAsync(system);
        var unit = WardClient.NewId("unit");
        var beds = new List<(string Patient, string Device)>();
        for (var bed = 1; bed <= Beds; bed++)
        {
            var (patient, device) = (WardClient.NewId("p"), WardClient.NewId("dev"));
            await _ward.AdmitAsync(patient, unit, bed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await _ward.BindAsync(device, patient);
            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80))).StatusCode); // an open alarm each
            beds.Add((patient, device));
        }

        var onSecond = 0;
        foreach (var (patient, _) in beds)
        {
            onSecond += await probe.SiloPortOfAsync(probe.Client.GetPatient(patient)) == system.SiloPortOf(second) ? 1 : 0;
        }

        Assert.True(onSecond > 0, "no patient lives on the silo to be stopped");

        // The ward streams (a batch per bed every 100 ms) while the second silo is stopped.
        var accepted = new ConcurrentDictionary<string, int>(beds.ToDictionary(b => b.Patient, _ => 1));
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            for (var sequence = 2L; !stop.IsCancellationRequested; sequence++)
            {
                await Task.WhenAll(beds.Select(async b =>
                {
                    var answer = await _ward.PostReadingsAsync(b.Device, sequence, ("hr", 70 + (sequence % 10)), ("spo2", 97));
                    if (answer.StatusCode == HttpStatusCode.Accepted)
                    {
                        accepted.AddOrUpdate(b.Patient, 2, (_, n) => n + 2);
                    }
                }));
                await Task.Delay(BatchInterval); // the devices' pace
            }
        });
        await WaitForBatchesAsync(accepted, 3);
        await second.StopAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, second.ExitCode);
        await WaitForBatchesAsync(accepted, 3); // and it goes on on the silo that stayed
        await stop.CancelAsync();
        await load;
        await second.DisposeAsync();

        foreach (var (patient, _) in beds)
        {
            var view = await _ward.GetPatientAsync(patient);
            Assert.Contains(view.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("code").GetString() == "sbp-low" && a.GetProperty("state").GetString() == "active");
            var expected = accepted[patient];
            var stored = await Poll.UntilAsync(
                async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_history where patient_id = $1", patient) is var rows && rows >= expected ? rows : (long?)null,
                TimeSpan.FromSeconds(30),
                $"the {expected} accepted readings of {patient}");
            Assert.Equal(expected, stored);
        }
    }

    /// <summary>Until every bed has had <paramref name="batches"/> more batches accepted.</summary>
    private static async Task WaitForBatchesAsync(ConcurrentDictionary<string, int> accepted, int batches)
    {
        var start = accepted.ToDictionary(kv => kv.Key, kv => kv.Value);
        await Poll.UntilAsync(
            () => Task.FromResult(accepted.All(kv => kv.Value >= start[kv.Key] + (2 * batches)) ? true : (bool?)null),
            TimeSpan.FromSeconds(60),
            $"{batches} more batches accepted for every bed");
    }
}
