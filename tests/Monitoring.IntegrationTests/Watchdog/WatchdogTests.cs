using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Watchdog;

/// <summary>
/// The end-to-end alarm-path watchdog: each api host sends its synthetic bed's breaching readings through the grains
/// and times their alarms at its own hub; a host whose push is broken is named on every central station.
/// </summary>
[Collection(WatchdogCollection.Name)]
public sealed class WatchdogTests(WatchdogSystem system)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_broken_push_to_one_api_host_raises_monitoring_path_degraded_on_every_central_station_and_clears_when_it_returns()
    {
        var (second, secondUrl) = await system.StartAdditionalApiAsync();
        try
        {
            using var secondHttp = new HttpClient(new SignedInHandler(system.Tokens)) { BaseAddress = secondUrl };
            var secondHost = (await Poll.UntilAsync(() => WatchdogMetrics.ReadAsync(secondUrl), Deadline, "the second api's watchdog to probe")).Host;
            Assert.EndsWith("-" + secondUrl.Port, secondHost, StringComparison.Ordinal);

            // A nurse's central station on the first host, whose push is fine.
            await using var station = await system.ConnectHubAsync();
            var systemAlarms = new HubEvents(station, "system-alarm");
            await station.InvokeAsync("JoinUnit", WardClient.NewId("unit"));

            using (var broken = await secondHttp.PutAsync(new Uri("/api/v1/diagnostics/faults/push-drop", UriKind.Relative), null))
            {
                Assert.Equal(HttpStatusCode.NoContent, broken.StatusCode);
            }

            var raised = await systemAlarms.WaitForAsync(PathDegraded(secondHost, "active"), Deadline, "monitoring-path-degraded for the second host");
            Assert.Equal(("technical", "high"), (raised.GetProperty("kind").GetString(), raised.GetProperty("priority").GetString()));
            Assert.Contains(secondHost, raised.GetProperty("detail").GetString(), StringComparison.Ordinal);

            // Its own readiness says so, and stays 200 so that nothing restarts a host that still serves.
            using (var ready = await secondHttp.GetAsync(new Uri("/healthz/ready", UriKind.Relative)))
            {
                Assert.Equal((HttpStatusCode.OK, "Degraded"), (ready.StatusCode, await ready.Content.ReadAsStringAsync()));
            }

            // A station opened now shows it too, and the audit trail has the change once.
            var listed = await system.Http.GetFromJsonAsync<JsonElement>("/api/v1/system/alarms");
            Assert.Contains(listed.EnumerateArray(), a => a.GetProperty("host").GetString() == secondHost && a.GetProperty("code").GetString() == "monitoring-path-degraded");
            await Poll.UntilAsync(async () => (await AuditAsync("watchdog.degraded", secondHost)).Count == 1 ? true : (bool?)null, Deadline, "the audit row of the degraded path");

            using (var mended = await secondHttp.DeleteAsync(new Uri("/api/v1/diagnostics/faults/push-drop", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.NoContent, mended.StatusCode);
            }

            await systemAlarms.WaitForAsync(PathDegraded(secondHost, "resolved"), Deadline, "monitoring-path-degraded resolved");
            using (var ready = await secondHttp.GetAsync(new Uri("/healthz/ready", UriKind.Relative)))
            {
                Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
            }

            await Poll.UntilAsync(async () => (await AuditAsync("watchdog.cleared", secondHost)).Count == 1 ? true : (bool?)null, Deadline, "the audit row of the path on time again");
            Assert.DoesNotContain((await system.Http.GetFromJsonAsync<JsonElement>("/api/v1/system/alarms")).EnumerateArray(), a => a.GetProperty("host").GetString() == secondHost);
        }
        finally
        {
            await second.StopAsync(TimeSpan.FromSeconds(30));
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_watchdog_still_delivers_after_the_silo_holding_its_synthetic_patient_is_killed()
    {
        var second = await system.StartAdditionalSiloAsync();
        await using var probe = await ClusterProbe.ConnectAsync(system);
        var before = await Poll.UntilAsync(async () => await WatchdogMetrics.ReadAsync(system.ApiUrl) is { Arrived: > 0 } m ? m : null, Deadline, "the watchdog's first arrivals");
        var holder = system.SiloOnPort(await probe.SiloPortOfAsync(probe.Client.GetPatient(Monitoring.Watchdog.SyntheticBeds.PatientOf(before.Host))));

        await holder.KillAsync();
        var killedAt = await WatchdogMetrics.ReadAsync(system.ApiUrl) ?? before;

        // Its patient comes up on the silo left, and the probes' alarms arrive on time again: not degraded.
        await Poll.UntilAsync(
            async () => await WatchdogMetrics.ReadAsync(system.ApiUrl) is { } now && now.Arrived >= killedAt.Arrived + 3 && !now.Degraded ? true : (bool?)null,
            TimeSpan.FromSeconds(150),
            "the watchdog's alarms to arrive on time after the silo was killed");

        // Leave the system as it was: the first silo back, the second one stopped.
        if (holder == system.Silo)
        {
            await system.RestartSiloAsync(graceful: false);
        }

        await second.StopAsync(TimeSpan.FromSeconds(30));
        await second.DisposeAsync();
    }

    private static Func<JsonElement, bool> PathDegraded(string host, string state) => e =>
        e.GetProperty("code").GetString() == "monitoring-path-degraded" && e.GetProperty("host").GetString() == host && e.GetProperty("state").GetString() == state;

    private async Task<List<JsonElement>> AuditAsync(string action, string host) =>
        (await system.Http.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action={action}&resource=api-host/{host}")).EnumerateArray().ToList();
}
