using Monitoring.Census;
using Monitoring.Ingestion;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Vitals;

namespace Monitoring.IntegrationTests.Grains;

/// <summary>A bedside device as a grain: which patient its readings reach, and when.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class DeviceGrainTests(GrainClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_device_nobody_bound_refuses_its_readings_and_stores_nothing()
    {
        var deviceId = WardClient.NewId("dev");

        var result = await Grains.GetDevice(deviceId).IngestAsync(Batch(1, DateTimeOffset.UtcNow, (VitalSign.HeartRate, 80)));

        Assert.Equal(IngestOutcome.DeviceNotBound, result.Outcome);
        Assert.Equal(0, result.Accepted);
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("select count(*) from vitals_readings where source = $1", "device:" + deviceId));
    }

    [Fact]
    public async Task A_device_moved_to_another_patient_sends_its_next_readings_there_and_the_first_patient_keeps_what_it_had()
    {
        var (first, second) = (await fixture.AdmittedPatientAsync(), await fixture.AdmittedPatientAsync());
        var device = Grains.GetDevice(WardClient.NewId("dev"));
        Assert.Equal(BindingOutcome.Bound, await device.BindAsync(first));
        Assert.Equal(1, (await device.IngestAsync(Batch(1, DateTimeOffset.UtcNow, (VitalSign.HeartRate, 71)))).Accepted);

        Assert.Equal(BindingOutcome.Bound, await device.BindAsync(second));
        Assert.Equal(1, (await device.IngestAsync(Batch(2, DateTimeOffset.UtcNow.AddSeconds(1), (VitalSign.HeartRate, 93)))).Accepted);

        Assert.Equal(71, (await Grains.GetPatient(first).GetViewAsync())!.Vitals["hr"].Value);
        Assert.Equal(93, (await Grains.GetPatient(second).GetViewAsync())!.Vitals["hr"].Value);
    }

    [Fact]
    public async Task Readings_measured_before_the_device_was_bound_are_not_given_to_the_new_patient()
    {
        var patient = await fixture.AdmittedPatientAsync();
        var device = Grains.GetDevice(WardClient.NewId("dev"));
        Assert.Equal(BindingOutcome.Bound, await device.BindAsync(patient));
        var now = DateTimeOffset.UtcNow;

        // A monitor that held an hour of someone else's readings sends them with one of this patient's.
        var result = await device.IngestAsync(new ReadingBatch(1,
        [
            new Reading(VitalSign.HeartRate, 150, now.AddHours(-1)),
            new Reading(VitalSign.HeartRate, 76, now),
        ]));

        Assert.Equal(new IngestResult(IngestOutcome.Accepted, 1, RefusedBeforeBinding: 1), result);
        var view = (await Grains.GetPatient(patient).GetViewAsync())!;
        Assert.Equal(76, view.Vitals["hr"].Value);
        Assert.Empty(view.Alarms);
    }

    private static ReadingBatch Batch(long sequence, DateTimeOffset at, params (VitalSign Sign, double Value)[] readings) =>
        new(sequence, [.. readings.Select(r => new Reading(r.Sign, r.Value, at))]);
}
