using System.Text.Json;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Simulator;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>The simulator's bedside noise, as the ward's alarm list shows it: what the alarm-fatigue analytics look at.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class SimulatorNoiseTests(RunningSystem system)
{
    // Seed 4 gives bed 1 a motion artefact with an impossible heart rate 8 s in and a dip past the SpO2 delay from
    // 23 s (SignalNoise draws in samples, so the same every run); the deadline leaves room for a slow machine.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_bed_with_high_noise_raises_a_sensor_fault_and_a_short_SpO2_alarm_that_ends_by_itself_unacknowledged_and_the_summary_counts_them()
    {
        var unit = WardClient.NewId("noise").ToLowerInvariant();
        var options = SimulatorOptionsParser.Parse(
            ["--api", system.ApiUrl.ToString(), "--unit", unit, "--beds", "1", "--noise", "high", "--seed", "4"]).Options!;
        using var http = new HttpClient { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(10) };
        var credentials = new SimulatorCredentials(system.Tokens.SigningKey, TimeProvider.System);
        var output = new StringWriter();
        var ward = new WardRunner(options, new MonitoringApiClient(http, credentials, TimeProvider.System), credentials, TimeProvider.System, TextWriter.Synchronized(output));
        using var stop = new CancellationTokenSource();
        var running = ward.RunAsync(stop.Token);
        var nurse = new WardClient(system.Http);

        JsonElement[] alarms = [];
        var seen = false;
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    alarms = (await nurse.GetJsonAsync($"/api/v1/units/{unit}/alarms")).EnumerateArray().ToArray();
                    return alarms.Any(IsSensorFault) && alarms.Any(EndedByItself) ? alarms : null;
                },
                Deadline, "a sensor-fault and an spo2-low that ended by itself on the noisy bed");
            seen = true;
        }
        catch (TimeoutException)
        {
            // Said below, with what the ward's list and the simulator showed.
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.True(seen, $"No sensor-fault and unacknowledged resolved spo2-low within {Deadline.TotalMinutes} min; the unit's alarms: {string.Join("; ", alarms.Select(a => a.GetRawText()))}\n{output}");

        var exitCode = await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, output.ToString());

        var fault = alarms.First(IsSensorFault);
        Assert.Equal(("hr", "medium", BedAssignment.Create(unit, 1).DeviceId), (fault.GetProperty("vital").GetString(), fault.GetProperty("priority").GetString(), fault.GetProperty("deviceId").GetString()));
        var dip = alarms.First(EndedByItself);
        var history = await Poll.UntilAsync(
            async () => (await nurse.GetJsonAsync($"/api/v1/alarms/{dip.GetProperty("alarmId").GetString()}/history")).EnumerateArray().ToList() is var rows
                && rows.Any(row => row.GetProperty("to").GetString() == "resolved") ? rows : null,
            TimeSpan.FromSeconds(30), "the SpO2 alarm's end in its history");
        Assert.Equal(
            [("active", "raised", true), ("resolved", "resolved", true)],
            history.Select(row => (row.GetProperty("to").GetString(), row.GetProperty("reason").GetString(), row.GetProperty("actor").ValueKind == JsonValueKind.Null)));
        // Raised by the dip: a few points under the 90 % limit, above the 80 % desaturation tier.
        Assert.InRange(history[0].GetProperty("alarm").GetProperty("value").GetDouble(), 83, 89);

        var summary = output.ToString().Split('\n').Single(line => line.StartsWith("Noise produced: ", StringComparison.Ordinal));
        Assert.Matches(@"motion artefacts \([1-9][0-9]* with an impossible value\)", summary);
        Assert.Matches(@"brief SpO2 dips \([1-9][0-9]* past the 10 s SpO2 alarm delay\)", summary);
    }

    private static bool IsSensorFault(JsonElement alarm) =>
        alarm.GetProperty("code").GetString() == "sensor-fault" && alarm.GetProperty("kind").GetString() == "technical";

    // Resolved with nobody having acknowledged it: the condition ended and the alarm with it.
    private static bool EndedByItself(JsonElement alarm) =>
        alarm.GetProperty("code").GetString() == "spo2-low"
        && alarm.GetProperty("state").GetString() == "resolved"
        && alarm.GetProperty("acknowledgedBy").ValueKind == JsonValueKind.Null;
}
