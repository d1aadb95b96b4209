using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

[Collection(RunningSystemCollection.Name)]
public sealed class AlarmPushTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_nurse_watching_the_unit_receives_the_alarm_within_two_seconds_of_a_breaching_reading()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("7");
        await using var nurse = await system.ConnectHubAsync();
        var alarms = Channel.CreateUnbounded<JsonElement>();
        nurse.On<JsonElement>("alarm", alarm => alarms.Writer.TryWrite(alarm));
        await nurse.InvokeAsync("JoinUnit", unit);

        var sent = Stopwatch.StartNew();
        // Blood pressure is measured intermittently, so one measurement past a limit is an alarm condition.
        var response = await _ward.PostReadingsAsync(device, 1, ("hr", 72), ("sbp", 84));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // Waited for well past the target, so that a late alarm is measured and reported, not cut off.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var alarm = await alarms.Reader.ReadAsync(deadline.Token);
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(2), $"alarm took {sent.ElapsedMilliseconds} ms");
        Assert.Equal("sbp-low", alarm.GetProperty("code").GetString());
        Assert.Equal(patient, alarm.GetProperty("patientId").GetString());
        Assert.Equal(unit, alarm.GetProperty("unitId").GetString());
        Assert.Equal("7", alarm.GetProperty("bed").GetString());
        Assert.Equal("high", alarm.GetProperty("priority").GetString());
        Assert.Equal("physiological", alarm.GetProperty("kind").GetString());
        Assert.Equal("active", alarm.GetProperty("state").GetString());
        Assert.Equal(84, alarm.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_nurse_watching_another_unit_receives_nothing_from_this_one()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        var (otherUnit, otherPatient, otherDevice) = await _ward.NewBedAsync();
        await using var otherNurse = await system.ConnectHubAsync();
        await using var thisNurse = await system.ConnectHubAsync();
        var elsewhere = Channel.CreateUnbounded<JsonElement>();
        var here = Channel.CreateUnbounded<JsonElement>();
        otherNurse.On<JsonElement>("alarm", a => elsewhere.Writer.TryWrite(a));
        thisNurse.On<JsonElement>("alarm", a => here.Writer.TryWrite(a));
        await otherNurse.InvokeAsync("JoinUnit", otherUnit);
        await thisNurse.InvokeAsync("JoinUnit", unit);

        await _ward.PostReadingsAsync(device, 1, ("sbp", 80));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.Equal(patient, (await here.Reader.ReadAsync(deadline.Token)).GetProperty("patientId").GetString());

        // Then an alarm in the other nurse's own unit. Pushes leave in the order they were raised, so had
        // this unit's alarm been sent to the other nurse, it would have reached her before her own.
        await _ward.PostReadingsAsync(otherDevice, 1, ("sbp", 80));
        var first = await elsewhere.Reader.ReadAsync(deadline.Token);
        Assert.Equal(otherPatient, first.GetProperty("patientId").GetString());
        while (elsewhere.Reader.TryRead(out var more))
        {
            Assert.Equal(otherPatient, more.GetProperty("patientId").GetString());
        }
    }

    [Fact]
    public async Task Vitals_reach_the_unit_live()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("3");
        await using var nurse = await system.ConnectHubAsync();
        var vitals = Channel.CreateUnbounded<JsonElement>();
        nurse.On<JsonElement>("vitals", v => vitals.Writer.TryWrite(v));
        await nurse.InvokeAsync("JoinUnit", unit);

        await _ward.PostReadingsAsync(device, 1, ("hr", 77), ("rr", 14));

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var update = await vitals.Reader.ReadAsync(deadline.Token);
        Assert.Equal(patient, update.GetProperty("patientId").GetString());
        Assert.Equal(77, update.GetProperty("vitals").GetProperty("hr").GetProperty("value").GetDouble());
        Assert.Equal("/min", update.GetProperty("vitals").GetProperty("rr").GetProperty("unit").GetString());
    }
}
