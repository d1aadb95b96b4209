using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Watchdog;

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

            // A nurse's central station on the first host, whose push is fine: live, and as the page shows it.
            var unit = WardClient.NewId("unit");
            await using var station = await system.ConnectHubAsync();
            var systemAlarms = new HubEvents(station, "system-alarm");
            await station.InvokeAsync("JoinUnit", unit);
            var (playwright, browser) = await Browser.LaunchAsync();
            using var closePlaywright = playwright;
            await using var closeBrowser = browser;
            var page = await browser.NewPageAsync();
            await page.GotoAsync(system.PageUrl($"/?unit={unit}"));
            await Assertions.Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
            var banner = page.Locator($"#system-alarms .system-alarm[data-host='{secondHost}']");
            await Assertions.Expect(banner).ToHaveCountAsync(0);

            // Its path on time first (a busy machine may have slowed a probe of its start), then broken.
            await Poll.UntilAsync(async () => await WatchdogMetrics.ReadAsync(secondUrl) is { Arrived: >= 2, Degraded: false } ? true : (bool?)null, Deadline, "the second api's path on time");
            var brokenAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            using (var broken = await secondHttp.PutAsync(new Uri("/api/v1/diagnostics/faults/push-drop", UriKind.Relative), null))
            {
                Assert.Equal(HttpStatusCode.NoContent, broken.StatusCode);
            }

            var raised = await systemAlarms.WaitForAsync(PathDegraded(secondHost, "active"), Deadline, "monitoring-path-degraded for the second host");
            Assert.Equal(("technical", "high"), (raised.GetProperty("kind").GetString(), raised.GetProperty("priority").GetString()));
            Assert.Contains(secondHost, raised.GetProperty("detail").GetString(), StringComparison.Ordinal);
            await Assertions.Expect(banner).ToContainTextAsync($"Monitoring path degraded on {secondHost}", new() { Timeout = 10_000 });
            await Assertions.Expect(banner).ToHaveAttributeAsync("data-priority", "high");

            // Its own readiness says so, and stays 200 so that nothing restarts a host that still serves.
            using (var ready = await secondHttp.GetAsync(new Uri("/healthz/ready", UriKind.Relative)))
            {
                Assert.Equal((HttpStatusCode.OK, "Degraded"), (ready.StatusCode, await ready.Content.ReadAsStringAsync()));
            }

            // A station opened now shows it too, and the audit trail has the change once.
            var listed = await system.Http.GetFromJsonAsync<JsonElement>("/api/v1/system/alarms");
            Assert.Contains(listed.EnumerateArray(), a => a.GetProperty("host").GetString() == secondHost && a.GetProperty("code").GetString() == "monitoring-path-degraded");
            // Once, however many probes go missing.
            await Poll.UntilAsync(async () => (await AuditAsync("watchdog.degraded", secondHost, brokenAt)).Count == 1 ? true : (bool?)null, Deadline, "the audit row of the degraded path");

            using (var mended = await secondHttp.DeleteAsync(new Uri("/api/v1/diagnostics/faults/push-drop", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.NoContent, mended.StatusCode);
            }

            await systemAlarms.WaitForAsync(PathDegraded(secondHost, "resolved"), Deadline, "monitoring-path-degraded resolved");
            await Assertions.Expect(banner).ToHaveCountAsync(0, new() { Timeout = 10_000 });
            using (var ready = await secondHttp.GetAsync(new Uri("/healthz/ready", UriKind.Relative)))
            {
                Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
            }

            await Poll.UntilAsync(async () => (await AuditAsync("watchdog.cleared", secondHost, brokenAt)).Count >= 1 ? true : (bool?)null, Deadline, "the audit row of the path on time again");
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
        var holder = system.SiloOnPort(await probe.SiloPortOfAsync(probe.Client.GetPatient(SyntheticBeds.PatientOf(before.Host))));

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

    [Fact]
    public async Task The_synthetic_bed_is_no_ones_to_see_list_feed_or_join_even_for_staff_of_every_unit()
    {
        var host = (await Poll.UntilAsync(async () => await WatchdogMetrics.ReadAsync(system.ApiUrl) is { Arrived: > 0 } m ? m : null, Deadline, "the watchdog's first arrivals")).Host;
        var (unit, patient) = (SyntheticBeds.UnitId, SyntheticBeds.PatientOf(host));

        var units = await system.Http.GetFromJsonAsync<JsonElement>("/api/v1/units");
        Assert.DoesNotContain(units.EnumerateArray(), u => u.GetProperty("unitId").GetString() == unit);
        foreach (var path in new[] { $"/api/v1/units/{unit}/board", $"/api/v1/units/{unit}/alarms", $"/api/v1/units/{unit}/alarm-analytics", $"/api/v1/patients/{patient}", $"/api/v1/patients/{patient}/vitals?code=spo2" })
        {
            using var read = await system.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(read.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)read.StatusCode}");
        }

        using (var admitted = await system.Http.PostAsJsonAsync("/api/v1/patients", new { patientId = WardClient.NewId("p"), unitId = unit, bed = "1" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, admitted.StatusCode);
        }

        using (var fed = await system.Http.PostAsJsonAsync($"/api/v1/devices/{SyntheticBeds.DeviceOf(host)}/readings", new { sequence = 1, readings = new[] { new { code = "spo2", value = 70, at = DateTimeOffset.UtcNow } } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, fed.StatusCode);
        }

        await using var nurse = await system.ConnectHubAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => nurse.InvokeAsync("JoinUnit", unit));
        Assert.Contains("Forbidden", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_PostgreSQL_out_the_watchdogs_alarms_still_arrive_and_it_says_the_database_is_out()
    {
        var host = (await Poll.UntilAsync(async () => await WatchdogMetrics.ReadAsync(system.ApiUrl) is { Arrived: > 0 } m ? m : null, Deadline, "the watchdog's first arrivals")).Host;
        system.Proxy.GoDown();
        try
        {
            var cut = await WatchdogMetrics.ReadAsync(system.ApiUrl);
            var status = await Poll.UntilAsync(
                async () => await OwnStatusAsync(host) is { } s && s.GetProperty("detail").GetString()!.Contains("PostgreSQL is out", StringComparison.Ordinal) ? s : (JsonElement?)null,
                Deadline,
                "the watchdog to say that PostgreSQL is out");
            Assert.Contains("on time", status!.Value.GetProperty("detail").GetString(), StringComparison.Ordinal);

            // Alarms do not wait on the database: the probes' alarms keep arriving, on time.
            await Poll.UntilAsync(
                async () => await WatchdogMetrics.ReadAsync(system.ApiUrl) is { } now && now.Arrived >= cut!.Arrived + 3 && !now.Degraded ? true : (bool?)null,
                Deadline,
                "the watchdog's alarms to arrive while PostgreSQL is out");
        }
        finally
        {
            system.Proxy.ComeBack();
        }

        await Poll.UntilAsync(
            async () => await OwnStatusAsync(host) is { } s && !s.GetProperty("detail").GetString()!.Contains("PostgreSQL", StringComparison.Ordinal) ? true : (bool?)null,
            Deadline,
            "the watchdog to stop saying that PostgreSQL is out");
    }

    private async Task<JsonElement?> OwnStatusAsync(string host) =>
        (await system.Http.GetFromJsonAsync<JsonElement>("/api/v1/system/watchdog")).EnumerateArray().Where(s => s.GetProperty("host").GetString() == host).Cast<JsonElement?>().FirstOrDefault();

    private static Func<JsonElement, bool> PathDegraded(string host, string state) => e =>
        e.GetProperty("code").GetString() == "monitoring-path-degraded" && e.GetProperty("host").GetString() == host && e.GetProperty("state").GetString() == state;

    private async Task<List<JsonElement>> AuditAsync(string action, string host, string from) =>
        (await system.Http.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action={action}&resource=api-host/{host}&from={from}")).EnumerateArray().ToList();
}
