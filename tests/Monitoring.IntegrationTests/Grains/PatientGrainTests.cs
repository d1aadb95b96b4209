using System.Collections.Immutable;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.Ingestion;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Vitals;

namespace Monitoring.IntegrationTests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class PatientGrainTests(GrainClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_batch_sent_again_with_the_same_sequence_changes_nothing()
    {
        var (patient, device) = await fixture.BedAsync();
        var first = await device.IngestAsync(Batch(5, (VitalSign.HeartRate, 80)));

        var again = await device.IngestAsync(Batch(5, (VitalSign.HeartRate, 150)));

        Assert.Equal(new IngestResult(IngestOutcome.Accepted, 1), first);
        Assert.Equal(new IngestResult(IngestOutcome.Duplicate, 0), again);
        var view = (await patient.GetViewAsync())!;
        Assert.Equal(80, view.Vitals["hr"].Value);
        Assert.Empty(view.Alarms);
    }

    [Fact]
    public async Task A_measurement_past_a_limit_raises_one_alarm_while_it_lasts()
    {
        var (patient, device) = await fixture.BedAsync();

        await device.IngestAsync(Batch(1, (VitalSign.SystolicPressure, 88)));
        await device.IngestAsync(Batch(2, (VitalSign.SystolicPressure, 86)));

        var alarm = Assert.Single((await patient.GetViewAsync())!.Alarms);
        Assert.Equal("sbp-low", alarm.Code);
        Assert.Equal(AlarmPriority.High, alarm.Priority);
        Assert.Equal(AlarmState.Active, alarm.State);
        Assert.Equal(86, alarm.Value);
    }

    [Fact]
    public async Task A_patients_snapshot_survives_deactivation_in_PostgreSQL()
    {
        var (patient, device) = await fixture.BedAsync();
        await device.IngestAsync(Batch(1, (VitalSign.SystolicPressure, 85), (VitalSign.Temperature, 37.2)));

        await fixture.Cluster.DeactivateAsync(patient);
        await fixture.Cluster.DeactivateAsync(device);

        var view = (await patient.GetViewAsync())!;
        Assert.Equal(85, view.Vitals["sbp"].Value);
        Assert.Equal(37.2, view.Vitals["temp"].Value);
        Assert.Equal("sbp-low", Assert.Single(view.Alarms).Code);
        Assert.True(await fixture.Database.ScalarAsync<long>(
            "select count(*) from orleansstorage where graintypestring = 'patient' and grainidextensionstring = $1",
            "patient:" + view.PatientId) == 1);
    }

    [Fact]
    public async Task A_cuffs_blood_pressure_is_saved_at_once_while_a_stream_of_heart_rates_waits_for_the_snapshot_timer()
    {
        // Snapshots:Interval is a minute here. A lost silo must not take away a value that is measured
        // again only in a quarter of an hour (NEWS2 uses it); a 1 Hz stream is measured again at once.
        var (patient, device) = await fixture.BedAsync();
        var id = (await patient.GetViewAsync())!.PatientId;
        Task<int> SavedVersionAsync() => fixture.Database.ScalarAsync<int>(
            "select version from orleansstorage where graintypestring = 'patient' and grainidextensionstring = $1", "patient:" + id);

        await device.IngestAsync(Batch(1, (VitalSign.HeartRate, 80)));
        var afterFirstHeartRate = await SavedVersionAsync();
        await device.IngestAsync(Batch(2, (VitalSign.HeartRate, 81)));
        var afterSecondHeartRate = await SavedVersionAsync();
        await device.IngestAsync(Batch(3, (VitalSign.SystolicPressure, 118)));
        var afterBloodPressure = await SavedVersionAsync();

        Assert.Equal(afterFirstHeartRate, afterSecondHeartRate);
        Assert.Equal(afterSecondHeartRate + 1, afterBloodPressure);
        var stored = await fixture.Database.ScalarAsync<long>(
            "select count(*) from orleansstorage where graintypestring = 'patient' and grainidextensionstring = $1 and payloadbinary is not null", "patient:" + id);
        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task A_patient_and_a_device_with_the_same_id_keep_their_own_state()
    {
        var sameId = WardClient.NewId("x");
        var patient = Grains.GetPatient(sameId);
        var device = Grains.GetDevice(sameId);
        await patient.AdmitAsync(new Admission(WardClient.NewId("unit"), "1"));
        Assert.Equal(BindingOutcome.Bound, await device.BindAsync(sameId));
        await device.IngestAsync(Batch(1, (VitalSign.RespirationRate, 16)));

        await fixture.Cluster.DeactivateAsync(patient);
        await fixture.Cluster.DeactivateAsync(device);

        Assert.Equal(16, (await patient.GetViewAsync())!.Vitals["rr"].Value);
        Assert.Equal(IngestOutcome.Accepted, (await device.IngestAsync(Batch(2, (VitalSign.RespirationRate, 17)))).Outcome);
        Assert.Equal(IngestOutcome.Duplicate, (await device.IngestAsync(Batch(1, (VitalSign.RespirationRate, 17)))).Outcome);
    }

    [Fact]
    public async Task Numeric_and_hexadecimal_ids_that_read_as_the_same_number_stay_apart()
    {
        // The storage provider would read both as the integer 0x20235 without the grain key prefix.
        var suffix = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (a, b) = (Grains.GetPatient("0" + suffix), Grains.GetPatient(suffix));
        await a.AdmitAsync(new Admission(WardClient.NewId("unit"), "1"));

        await fixture.Cluster.DeactivateAsync(a);
        await fixture.Cluster.DeactivateAsync(b);

        Assert.NotNull(await a.GetViewAsync());
        Assert.Null(await b.GetViewAsync());
    }

    [Fact]
    public async Task A_discharged_patients_device_is_no_longer_bound()
    {
        var (patient, device) = await fixture.BedAsync();

        Assert.True(await patient.DischargeAsync());

        Assert.Equal(IngestOutcome.DeviceNotBound, (await device.IngestAsync(Batch(1, (VitalSign.HeartRate, 80)))).Outcome);
        Assert.Null(await patient.GetViewAsync());
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "select count(*) from device_bindings where patient_id = $1 and unbound_at is null", GrainKeys.PatientIdOf(patient.GetPrimaryKeyString())));
    }

    private static ReadingBatch Batch(long sequence, params (VitalSign Sign, double Value)[] readings)
    {
        var at = DateTimeOffset.UtcNow;
        return new ReadingBatch(sequence, [.. readings.Select(r => new Reading(r.Sign, r.Value, at))]);
    }
}
