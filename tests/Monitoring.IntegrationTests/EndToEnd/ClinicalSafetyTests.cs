using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>Ordinary bedside patterns through the public API: each must reach the nurse with the right priority.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class ClinicalSafetyTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_bradycardia_whose_every_fifth_beat_rate_lands_inside_the_band_alarms_on_the_central_station()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);

        // The monitor sends HR once a second: 38, 38, 38, 38, 42 (inside the 5 bpm band above 40), and again.
        using var streaming = new CancellationTokenSource();
        var monitor = StreamAsync(device, second => ("hr", second % 5 == 4 ? 42 : 38), streaming.Token);
        try
        {
            var alarm = await alarms.WaitForAsync(HubEvents.Alarm("hr-low", "active", patient), TimeSpan.FromSeconds(15), "hr-low for a recurring bradycardia");
            Assert.Equal("high", alarm.GetProperty("priority").GetString());
        }
        finally
        {
            await streaming.CancelAsync();
            await monitor;
        }
    }

    [Fact]
    public async Task Profound_desaturation_is_a_high_priority_alarm_that_escalates_to_on_call_when_nobody_answers()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        await _ward.SetUnitSettingsAsync(unit, new { escalationWindowSeconds = 5 });
        await using var nurse = await system.ConnectHubAsync();
        await using var onCall = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        var escalations = new HubEvents(onCall, "escalation");
        await nurse.InvokeAsync("JoinUnit", unit);
        await onCall.InvokeAsync("JoinOnCall");

        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("spo2", 74))).StatusCode);

        var desat = await alarms.WaitForAsync(HubEvents.Alarm("spo2-desat", "active", patient), TimeSpan.FromSeconds(2), "spo2-desat at once");
        Assert.Equal("high", desat.GetProperty("priority").GetString());
        var escalation = await escalations.WaitForAsync(e => e.GetProperty("patientId").GetString() == patient, TimeSpan.FromSeconds(20), "the desaturation on call");
        Assert.Equal("spo2-desat", escalation.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_acknowledged_low_SpO2_that_deepens_into_desaturation_alarms_again_at_once()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        await _ward.PutAsync($"/api/v1/units/{unit}/limits", new { spo2 = new { conditionDelaySeconds = 0 } });
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        await _ward.PostReadingsAsync(device, 1, ("spo2", 86));
        var low = await alarms.WaitForAsync(HubEvents.Alarm("spo2-low", "active", patient), TimeSpan.FromSeconds(5), "spo2-low");
        await _ward.AcknowledgeAsync(low.GetProperty("alarmId").GetString()!, "nurse-4");
        await alarms.WaitForAsync(HubEvents.Alarm("spo2-low", "acknowledged", patient), TimeSpan.FromSeconds(5), "the acknowledgement");

        await _ward.PostReadingsAsync(device, 2, ("spo2", 72));

        var desat = await alarms.WaitForAsync(HubEvents.Alarm("spo2-desat", "active", patient), TimeSpan.FromSeconds(2), "spo2-desat while spo2-low is acknowledged");
        Assert.Equal("high", desat.GetProperty("priority").GetString());
        var view = await _ward.GetPatientAsync(patient);
        Assert.Equal(["spo2-desat"], view.GetProperty("alarms").EnumerateArray().Select(a => a.GetProperty("code").GetString()).Where(c => c!.StartsWith("spo2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_ECG_heart_rate_of_0_is_asystole_high_priority_on_the_central_station()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);

        await _ward.PostReadingsAsync(device, 1, ("hr", 0));

        var asystole = await alarms.WaitForAsync(HubEvents.Alarm("asystole", "active", patient), TimeSpan.FromSeconds(2), "asystole");
        Assert.Equal(("high", "physiological"), (asystole.GetProperty("priority").GetString(), asystole.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_tighter_limit_alarms_on_the_current_value_at_once_and_removing_it_ends_the_alarm()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        await _ward.PostReadingsAsync(device, 1, ("sbp", 150));

        await _ward.PutAsync($"/api/v1/patients/{patient}/limits", new { sbp = new { high = 140 } });

        await alarms.WaitForAsync(HubEvents.Alarm("sbp-high", "active", patient), TimeSpan.FromSeconds(2), "sbp-high without a new reading");

        await _ward.PutAsync($"/api/v1/patients/{patient}/limits", new { });
        await alarms.WaitForAsync(HubEvents.Alarm("sbp-high", "resolved", patient), TimeSpan.FromSeconds(2), "sbp-high ended with its limit");
    }

    [Fact]
    public async Task A_unit_policy_change_reaches_every_patient_and_each_confirms()
    {
        var (unit, beds) = await _ward.NewWardAsync(3);
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        for (var i = 0; i < beds.Count; i++)
        {
            await _ward.PostReadingsAsync(beds[i].Device, 1, ("sbp", 150));
        }

        await _ward.PutAsync($"/api/v1/units/{unit}/limits", new { sbp = new { high = 140 } });

        var waiting = beds.Select(b => b.Patient).ToHashSet();
        await alarms.WaitForAsync(
            e => HubEvents.Alarm("sbp-high", "active")(e) && waiting.Remove(e.GetProperty("patientId").GetString()!) && waiting.Count == 0,
            TimeSpan.FromSeconds(5),
            "sbp-high for every patient of the unit");

        await Poll.UntilAsync(
            async () => (await _ward.GetJsonAsync($"/api/v1/units/{unit}/settings")).GetProperty("patientsAwaitingPolicy").GetArrayLength() == 0 ? true : (bool?)null,
            TimeSpan.FromSeconds(10),
            "every patient confirming the unit's policy");
    }

    /// <summary>A device sending one batch a second, the value from <paramref name="reading"/> by second, until cancelled.</summary>
    [Fact]
    public async Task A_desaturation_from_the_oximeter_alarms_at_once_while_the_monitors_last_batch_still_waits_for_its_commit()
    {
        var (unit, patient, monitor) = await _ward.NewBedAsync();
        var oximeter = WardClient.NewId("ox");
        await _ward.BindAsync(oximeter, patient);
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);

        // The history's table is held by someone else: the monitor's batch is taken, and its answer waits
        // for the commit (under the 2 s after which the silo would take PostgreSQL to be out).
        await using var holder = await system.Database.DataSource.OpenConnectionAsync();
        var holding = await holder.BeginTransactionAsync();
        await using (var take = new Npgsql.NpgsqlCommand("lock table vitals_batches in share mode", holder, holding))
        {
            await take.ExecuteNonQueryAsync();
        }

        var monitorAnswer = _ward.PostReadingsAsync(monitor, 1, ("hr", 72));
        await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from pg_locks where relation = 'vitals_batches'::regclass and not granted") > 0 ? true : (bool?)null,
            TimeSpan.FromSeconds(5), "the monitor's batch waiting for the history");
        var oximeterAnswer = _ward.PostReadingsAsync(oximeter, 1, ("spo2", 74));
        try
        {
            await alarms.WaitForAsync(HubEvents.Alarm("spo2-desat", "active", patient), TimeSpan.FromSeconds(1.5), "spo2-desat while the monitor's batch waits");
            Assert.False(monitorAnswer.IsCompleted, "the monitor's batch was answered before its commit");
        }
        finally
        {
            await holding.CommitAsync();
            await holding.DisposeAsync();
        }

        Assert.Equal(HttpStatusCode.Accepted, (await monitorAnswer.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await oximeterAnswer.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
    }

    [Fact]
    public async Task A_desaturation_waiting_out_its_delay_still_alarms_when_its_patient_moves_to_a_new_activation_that_finds_its_snapshot_overwritten()
    {
        await using var bed = await WatchedOximeterAsync(spo2: 97);
        var (patient, oximeter, alarms) = (bed.Patient, bed.Oximeter, bed.Alarms);

        // A rolling upgrade: the patient's last activation on a silo leaving wrote its snapshot after this activation
        // had read it, so this one's next write finds a version it did not read.
        Assert.Equal(1, await system.Database.ExecuteAsync(
            "update orleansstorage set version = version + 1 where graintypestring = 'patient' and grainidextensionstring = $1", "patient:" + patient));

        // SpO2 87 waits out its 10 s delay before it alarms. As a device does, a 503 is sent again, the same batch.
        var answer = await _ward.PostReadingsAsync(oximeter, 2, ("spo2", 87));
        for (var tries = 0; answer.StatusCode == HttpStatusCode.ServiceUnavailable && tries < 10; tries++)
        {
            await Task.Delay(answer.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            answer = await _ward.PostReadingsAsync(oximeter, 2, ("spo2", 87));
        }

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);

        // Then, within the delay, the patient moves to a new activation (its silo leaving, say), as it may at any time.
        await MoveToANewActivationAsync(patient);

        // The breach accepted is not forgotten: the alarm comes when its delay has passed, without another reading.
        await alarms.WaitForAsync(HubEvents.Alarm("spo2-low", "active", patient), TimeSpan.FromSeconds(30), "spo2-low after its delay, from the new activation");
    }

    [Fact]
    public async Task A_limit_raised_above_the_patients_saturation_still_alarms_when_the_patient_moves_to_a_new_activation_within_the_delay()
    {
        await using var bed = await WatchedOximeterAsync(spo2: 93);
        var (patient, alarms) = (bed.Patient, bed.Alarms);

        // The nurse wants to hear of this patient below 94: the SpO2 of 93 now breaches and waits out its delay.
        // No reading began it, and none follows (a spot check, or a device that has stopped).
        await _ward.PutAsync($"/api/v1/patients/{patient}/limits", new { spo2 = new { low = 94 } });
        await MoveToANewActivationAsync(patient);

        await alarms.WaitForAsync(HubEvents.Alarm("spo2-low", "active", patient), TimeSpan.FromSeconds(30), "spo2-low after its delay, from the new activation");
    }

    [Fact]
    public async Task A_patient_moved_to_a_unit_with_a_tighter_saturation_limit_alarms_there_without_waiting_for_another_reading()
    {
        var (_, patient, oximeter) = await _ward.NewBedAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(oximeter, 1, ("spo2", 91))).StatusCode); // above the ward's 90

        // The high-care unit wants to hear of anyone below 92.
        var highCare = WardClient.NewId("unit");
        await _ward.PutAsync($"/api/v1/units/{highCare}/limits", new { spo2 = new { low = 92 } });
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", highCare);

        // Moved with a spot check of 91 and no reading since (the oximeter left on the ward, say).
        await _ward.AdmitAsync(patient, highCare, "1");

        await alarms.WaitForAsync(HubEvents.Alarm("spo2-low", "active", patient), TimeSpan.FromSeconds(30), "spo2-low under the high-care unit's limit, without another reading");
    }

    /// <summary>A new bed whose oximeter has sent one SpO2 (sequence 1), on a unit a nurse watches.</summary>
    private async Task<WatchedOximeter> WatchedOximeterAsync(double spo2)
    {
        var (unit, patient, oximeter) = await _ward.NewBedAsync();
        var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(oximeter, 1, ("spo2", spo2))).StatusCode);
        return new WatchedOximeter(patient, oximeter, nurse, alarms);
    }

    private sealed record WatchedOximeter(string Patient, string Oximeter, HubConnection Nurse, HubEvents Alarms) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Nurse.DisposeAsync();
    }

    /// <summary>The patient's activation is ended; its next call (or its reminder) makes a new one from its snapshot.</summary>
    private async Task MoveToANewActivationAsync(string patient)
    {
        await using var probe = await ClusterProbe.ConnectAsync(system);
        await probe.Client.GetPatient(patient).Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
    }

    private async Task StreamAsync(string device, Func<int, (string Code, double Value)> reading, CancellationToken cancellationToken)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var second = 0;
        do
        {
            var response = await _ward.PostReadingsAsync(device, second + 1, reading(second));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            second++;
        }
        while (await ticks.WaitForNextTickAsync(cancellationToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }
}
