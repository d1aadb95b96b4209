using System.Net;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// A silo stopped (SIGTERM) or killed (SIGKILL) while twelve devices stream to patients spread over two
/// silos. Either way every reading a device was told was accepted is in the history, exactly once,
/// every patient keeps its alarm, and the ward streams on through the silo that is left.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class SiloLossUnderLoadTests(FailoverSystem system)
{
    private const int Beds = 12;

    /// <summary>
    /// The time stated for a killed silo's patients to answer again, with this system's failure
    /// detection (probes every 2 s, dead after 2 missed) and the 10 s grain-call timeout.
    /// </summary>
    private static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(30);

    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_silo_stopped_under_load_drains_and_loses_no_accepted_reading_and_no_alarm()
    {
        await using var cluster = await TwoSilosWithPatientsOnBothAsync();
        cluster.Ward.Start(firstSequence: 2);
        await cluster.Ward.WaitForBatchesAsync(3, TimeSpan.FromSeconds(30), "before the stop");

        await cluster.Second.StopAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, cluster.Second.ExitCode);

        await cluster.Ward.WaitForBatchesAsync(3, BackWithin, "after the stop");
        await cluster.Ward.StopAsync(TimeSpan.FromSeconds(30));
        await AssertEveryPatientKeptItsAlarmAndEveryAcceptedReadingAsync(cluster);
    }

    [Fact]
    public async Task A_silo_killed_under_load_loses_no_accepted_reading_and_its_patients_answer_again_with_their_alarms()
    {
        await using var cluster = await TwoSilosWithPatientsOnBothAsync();
        cluster.Ward.Start(firstSequence: 2);
        await cluster.Ward.WaitForBatchesAsync(3, TimeSpan.FromSeconds(30), "before the kill");

        await cluster.Second.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;

        // Every patient answers again, from its snapshot on the silo that is left, within the stated time.
        foreach (var (patient, _) in cluster.Beds)
        {
            await Poll.UntilAsync(
                async () => (await system.Http.GetAsync(new Uri($"/api/v1/patients/{patient}", UriKind.Relative))).IsSuccessStatusCode ? true : (bool?)null,
                BackWithin - (DateTimeOffset.UtcNow - killedAt),
                $"{patient} to answer within {BackWithin.TotalSeconds} s of the kill");
        }

        await cluster.Ward.WaitForBatchesAsync(3, BackWithin - (DateTimeOffset.UtcNow - killedAt), $"within {BackWithin.TotalSeconds} s of the kill");
        await cluster.Ward.StopAsync(TimeSpan.FromSeconds(30));
        await AssertEveryPatientKeptItsAlarmAndEveryAcceptedReadingAsync(cluster);

        // A lost silo fails fast: every request got an answer within the 4 s grain-call timeout and a little
        // (6 s here, with the whole suite sharing two cores; the soak measures the 5 s target at the
        // device; the old settings made requests wait 11 s), and requests were refused (503, to be
        // resent) for at most 10 s.
        var answers = cluster.Ward.Answers.Where(a => a.SentAt >= killedAt.AddSeconds(-5)).ToList();
        var slowest = answers.MaxBy(a => a.Took)!;
        Assert.True(slowest.Took <= TimeSpan.FromSeconds(6), $"a request sent {(slowest.SentAt - killedAt).TotalSeconds:0.0} s after the kill waited {slowest.Took.TotalSeconds:0.0} s");
        Assert.DoesNotContain(answers, a => a.Status is null);
        var refused = answers.Where(a => a.Status != 202).Select(a => a.SentAt + a.Took).ToList();
        var refusedFor = refused.Count == 0 ? TimeSpan.Zero : refused.Max() - killedAt;
        Assert.True(refusedFor <= TimeSpan.FromSeconds(10), $"requests were refused until {refusedFor.TotalSeconds:0.0} s after the kill ({refused.Count} refusals)");
    }

    [Fact]
    public async Task A_silo_killed_while_a_gateway_streams_for_the_ward_loses_no_accepted_reading_and_the_same_stream_goes_on()
    {
        await using var cluster = await TwoSilosWithPatientsOnBothAsync();
        var gateway = await system.RegisterStreamingGatewayAsync(cluster.Beds.Select(b => b.Device).ToArray());

        await using var stream = await StreamClient.OpenGatewayAsync(system, gateway);
        var byDevice = cluster.Beds.ToDictionary(b => b.Device, b => b.Patient);
        var accepted = cluster.Beds.ToDictionary(b => b.Patient, _ => 1); // the sbp of 80 each bed was admitted with
        var next = cluster.Beds.ToDictionary(b => b.Device, _ => (Sequence: 2L, At: DateTimeOffset.UtcNow, Resend: false));

        // A round: each device's next batch, or the one refused last round again (same sequence and time).
        async Task<int> RoundAsync()
        {
            foreach (var (device, batch) in next)
            {
                var at = batch.Resend ? batch.At : DateTimeOffset.UtcNow;
                next[device] = batch with { At = at };
                await stream.SendBatchAsync(batch.Sequence, at, device, ("sbp", 80));
            }

            var refusedThisRound = 0;
            foreach (var acknowledgement in await stream.ReceiveAsync(next.Count))
            {
                var device = acknowledgement.GetProperty("deviceId").GetString()!;
                Assert.Equal(next[device].Sequence, acknowledgement.GetProperty("sequence").GetInt64());
                var status = acknowledgement.GetProperty("status").GetInt32();
                Assert.True(status is 202 or 503, $"{device}: {acknowledgement}");
                if (status == 202)
                {
                    accepted[byDevice[device]] += acknowledgement.GetProperty("accepted").GetInt32();
                    next[device] = (next[device].Sequence + 1, default, false);
                }
                else
                {
                    refusedThisRound++;
                    next[device] = next[device] with { Resend = true };
                }
            }

            return refusedThisRound;
        }

        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(0, await RoundAsync());
        }

        await cluster.Second.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;

        // Batches for the lost silo's patients are answered 503 (send again) until they live on the other silo;
        // then three whole rounds are taken, on the same stream.
        var clean = 0;
        while (clean < 3)
        {
            Assert.True(DateTimeOffset.UtcNow - killedAt < BackWithin, $"the ward was not taken again within {BackWithin.TotalSeconds} s of the kill");
            clean = await RoundAsync() == 0 ? clean + 1 : 0;
        }

        Assert.Null(stream.CloseStatus);
        foreach (var (patient, _) in cluster.Beds)
        {
            var view = await _ward.GetPatientAsync(patient);
            Assert.Contains(view.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("code").GetString() == "sbp-low" && a.GetProperty("state").GetString() == "active");
            var stored = await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient);
            Assert.True(accepted[patient] == stored, $"{patient}: {accepted[patient]} readings accepted, {stored} in the history");
        }
    }

    /// <summary>
    /// A second silo, and twelve beds each with an open sbp-low alarm, some of them on the second silo
    /// (placement is random; twelve beds on two silos all landing on one is 1 in 2,048).
    /// </summary>
    private async Task<TwoSilos> TwoSilosWithPatientsOnBothAsync()
    {
        var second = await system.StartAdditionalSiloAsync();
        var probe = await ClusterProbe.ConnectAsync(system);
        // Placement prefers the silo a call arrives on, and takes a new silo only once it knows it and its
        // load: wards are admitted (each bed with its alarm) until some patient lives on the second silo,
        // and twelve beds are kept, those on the second silo among them.
        var onFirst = new List<(string Patient, string Device)>();
        var onSecond = new List<(string Patient, string Device)>();
        await Poll.UntilAsync(
            async () =>
            {
                var (_, ward) = await _ward.NewWardAsync(Beds);
                foreach (var (patient, device) in ward)
                {
                    Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80))).StatusCode);
                    (await probe.SiloPortOfAsync(probe.Client.GetPatient(patient)) == system.SiloPortOf(second) ? onSecond : onFirst).Add((patient, device));
                }

                return onSecond.Count > 0 ? true : (bool?)null;
            },
            TimeSpan.FromSeconds(90), "a patient living on the second silo");
        var beds = onSecond.Take(Beds / 2).Concat(onFirst).Concat(onSecond.Skip(Beds / 2)).Take(Beds).ToList();
        return new TwoSilos(second, probe, beds, new StreamingWard(_ward, beds, alreadyAccepted: 1));
    }

    private async Task AssertEveryPatientKeptItsAlarmAndEveryAcceptedReadingAsync(TwoSilos cluster)
    {
        foreach (var (patient, _) in cluster.Beds)
        {
            var view = await _ward.GetPatientAsync(patient);
            Assert.Contains(view.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("code").GetString() == "sbp-low" && a.GetProperty("state").GetString() == "active");

            // Accepted means committed: the rows are there at once, and a batch resent after a lost
            // answer is stored once.
            var accepted = cluster.Ward.Accepted[patient];
            var stored = await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient);
            Assert.True(accepted == stored, $"{patient}: {accepted} readings accepted, {stored} in the history");
        }
    }

    private sealed record TwoSilos(HostProcess Second, ClusterProbe Probe, List<(string Patient, string Device)> Beds, StreamingWard Ward) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Probe.DisposeAsync();
            await Second.DisposeAsync();
        }
    }
}
