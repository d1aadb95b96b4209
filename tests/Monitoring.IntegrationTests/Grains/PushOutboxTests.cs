using System.Threading.Channels;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.Ingestion;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Push;
using Monitoring.Vitals;

namespace Monitoring.IntegrationTests.Grains;

/// <summary>
/// The silo's push outbox, seen from an api host's observer: what the grains raise reaches every host
/// that registered, alarms at once and vitals in batches.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class PushOutboxTests(GrainClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task An_alarm_and_the_vitals_that_raised_it_reach_a_registered_api_host()
    {
        var host = new RecordingHost();
        var hostId = WardClient.NewId("host");
        var registry = Grains.GetGrain<IPushHubRegistryGrain>(0);
        await registry.RegisterAsync(hostId, Grains.CreateObjectReference<IMonitoringPushObserver>(host));
        try
        {
            var (patientGrain, device) = await fixture.BedAsync();
            var patient = GrainKeys.PatientIdOf(patientGrain.GetPrimaryKeyString());
            var sequence = await UntilKnownAsync(device, patient, host);

            // Blood pressure is measured intermittently: one value past the limit is an alarm at once.
            Assert.Equal(1, (await device.IngestAsync(new ReadingBatch(sequence, [new Reading(VitalSign.SystolicPressure, 82, DateTimeOffset.UtcNow)]))).Accepted);

            var alarm = await host.ArrivedAlarmAsync(patient, "sbp-low", Deadline);
            Assert.Equal(AlarmPriority.High, alarm.Priority);
            var vitals = await host.ArrivedVitalsAsync(patient, "sbp", Deadline);
            Assert.Equal(82, vitals.Vitals["sbp"].Value);
        }
        finally
        {
            await registry.UnregisterAsync(hostId);
        }
    }

    [Fact]
    public async Task An_alarm_reaches_every_registered_api_host_and_a_host_that_unregisters_leaves_the_list()
    {
        var (first, second) = (new RecordingHost(), new RecordingHost());
        var (firstId, secondId) = (WardClient.NewId("host"), WardClient.NewId("host"));
        var (firstRef, secondRef) = (Grains.CreateObjectReference<IMonitoringPushObserver>(first), Grains.CreateObjectReference<IMonitoringPushObserver>(second));
        var registry = Grains.GetGrain<IPushHubRegistryGrain>(0);
        await registry.RegisterAsync(firstId, firstRef);
        await registry.RegisterAsync(secondId, secondRef);
        try
        {
            var (patientGrain, device) = await fixture.BedAsync();
            var patient = GrainKeys.PatientIdOf(patientGrain.GetPrimaryKeyString());
            var sequence = await UntilKnownAsync(device, patient, first, second);
            await device.IngestAsync(new ReadingBatch(sequence, [new Reading(VitalSign.SystolicPressure, 80, DateTimeOffset.UtcNow)]));

            Assert.Equal(patient, (await first.ArrivedAlarmAsync(patient, "sbp-low", Deadline)).PatientId);
            Assert.Equal(patient, (await second.ArrivedAlarmAsync(patient, "sbp-low", Deadline)).PatientId);

            await registry.UnregisterAsync(firstId);
            var listed = await registry.GetObserversAsync();
            Assert.DoesNotContain(firstRef, listed);
            Assert.Contains(secondRef, listed);
        }
        finally
        {
            await registry.UnregisterAsync(firstId);
            await registry.UnregisterAsync(secondId);
        }
    }

    /// <summary>
    /// The silo's outbox reads the list of hosts every couple of seconds: until it has read it, a host
    /// that has just registered gets nothing. Vitals are sent until every host has had some; answers the
    /// next free batch sequence.
    /// </summary>
    private static async Task<long> UntilKnownAsync(IDeviceGrain device, string patient, params RecordingHost[] hosts)
    {
        var sequence = 0L;
        await Poll.UntilAsync(
            async () =>
            {
                await device.IngestAsync(new ReadingBatch(++sequence, [new Reading(VitalSign.HeartRate, 70, DateTimeOffset.UtcNow)]));
                return hosts.All(h => h.HasVitalsFor(patient)) ? "known" : null;
            },
            Deadline,
            "the push outbox to know the registered hosts");
        return sequence + 1;
    }

    /// <summary>An api host's observer that keeps what it is sent (events of other tests' patients included).</summary>
    private sealed class RecordingHost : IMonitoringPushObserver
    {
        private readonly Channel<PushBatch> _batches = Channel.CreateUnbounded<PushBatch>();
        private readonly List<PushBatch> _seen = [];

        public Task OnEventsAsync(PushBatch batch)
        {
            _batches.Writer.TryWrite(batch);
            return Task.CompletedTask;
        }

        /// <summary>Whether vitals of the patient came, so far (without waiting).</summary>
        public bool HasVitalsFor(string patientId)
        {
            while (_batches.Reader.TryRead(out var batch))
            {
                _seen.Add(batch);
            }

            return _seen.Any(b => b.Vitals.Any(v => v.PatientId == patientId));
        }

        public async Task<AlarmView> ArrivedAlarmAsync(string patientId, string code, TimeSpan deadline) =>
            await NextAsync(b => b.Alarms.FirstOrDefault(a => a.PatientId == patientId && a.Code == code), deadline);

        public async Task<VitalsUpdate> ArrivedVitalsAsync(string patientId, string code, TimeSpan deadline) =>
            await NextAsync(b => b.Vitals.FirstOrDefault(v => v.PatientId == patientId && v.Vitals.ContainsKey(code)), deadline);

        /// <summary>The first event <paramref name="find"/> picks, in what came so far or what comes before the deadline.</summary>
        private async Task<T> NextAsync<T>(Func<PushBatch, T?> find, TimeSpan deadline)
            where T : class
        {
            if (_seen.Select(find).FirstOrDefault(found => found is not null) is { } earlier)
            {
                return earlier;
            }

            using var timeout = new CancellationTokenSource(deadline);
            while (true)
            {
                var batch = await _batches.Reader.ReadAsync(timeout.Token);
                _seen.Add(batch);
                if (find(batch) is { } found)
                {
                    return found;
                }
            }
        }
    }
}
