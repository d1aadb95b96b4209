using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Vitals;
using Monitoring.Ingestion;

namespace Monitoring.IntegrationTests.EndToEnd;

[Collection(RunningSystemCollection.Name)]
public sealed class DashboardTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task The_dashboard_shows_the_units_beds_with_live_vitals_and_turns_a_breaching_bed_yellow()
    {
        var unit = WardClient.NewId("unit");
        var (calm, sick) = (WardClient.NewId("p"), WardClient.NewId("p"));
        var (calmDevice, sickDevice) = (WardClient.NewId("dev"), WardClient.NewId("dev"));
        await _ward.AdmitAsync(calm, unit, "2");
        await _ward.AdmitAsync(sick, unit, "10");
        await _ward.BindAsync(calmDevice, calm);
        await _ward.BindAsync(sickDevice, sick);
        await _ward.PostReadingsAsync(calmDevice, 1, ("hr", 71), ("spo2", 98));

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new()
            {
                ViewportSize = new() { Width = 1920, Height = 1080 },
                ReducedMotion = ReducedMotion.Reduce, // no flashing, so the tile's colour can be read
            });
            await page.GotoAsync(system.PageUrl($"/?unit={unit}"));
            await Assertions.Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
            await Assertions.Expect(page.Locator(".tile")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator($"[data-patient='{calm}'] [data-vital='hr']")).ToHaveTextAsync("71");

            // Live: a new value and an alarm arrive over SignalR, without a reload.
            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(sickDevice, 1, ("hr", 72), ("sbp", 212), ("dbp", 100))).StatusCode);

            var sickTile = page.Locator($"[data-patient='{sick}']");
            await Assertions.Expect(sickTile).ToHaveAttributeAsync("data-alarm-priority", "medium", new() { Timeout = 2000 });
            await Assertions.Expect(sickTile.Locator("[data-vital='sbp']")).ToHaveTextAsync("212");
            await Assertions.Expect(page.Locator(".tile").First).ToHaveAttributeAsync("data-patient", sick);
            await Assertions.Expect(page.Locator("#alarm-list [data-alarm-id]")).ToHaveCountAsync(1);
            var tileColour = await sickTile.EvaluateAsync<string>("t => getComputedStyle(t).backgroundColor");
            Assert.Equal("rgb(255, 210, 0)", tileColour); // IEC 60601-1-8 medium: yellow
            Assert.DoesNotContain("null", await page.Locator("#board").InnerTextAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Acknowledging_on_one_screen_shows_the_alarm_acknowledged_on_another()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("4");

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            // Two nurses, two browser contexts (no shared storage or connection).
            var first = await OpenBoardAsync(browser, unit);
            var second = await OpenBoardAsync(browser, unit);

            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 212), ("dbp", 100))).StatusCode);
            foreach (var page in new[] { first, second })
            {
                await Assertions.Expect(page.Locator($"[data-patient='{patient}']")).ToHaveAttributeAsync("data-alarm-state", "active", new() { Timeout = 2000 });
            }

            // One click on the tile of the first screen.
            await first.Locator($"[data-patient='{patient}'] button[data-ack]").ClickAsync();

            var tile = second.Locator($"[data-patient='{patient}']");
            await Assertions.Expect(tile).ToHaveAttributeAsync("data-alarm-state", "acknowledged", new() { Timeout = 2000 });
            await Assertions.Expect(tile).ToHaveAttributeAsync("data-alarm-priority", "medium"); // the condition still shows
            await Assertions.Expect(tile.Locator("button[data-ack]")).ToHaveCountAsync(0);
            await Assertions.Expect(second.Locator("#alarm-list [data-state='acknowledged']")).ToHaveCountAsync(1);
            await Assertions.Expect(second.Locator("#alarm-count")).ToHaveTextAsync("0");
            await Assertions.Expect(first.Locator($"[data-patient='{patient}']")).ToHaveAttributeAsync("data-alarm-state", "acknowledged");

            // The server agrees: the alarm is acknowledged, not merely hidden. The list is read from the alarm
            // history, which is written just after the push that the screens show (alarms go out first).
            var acknowledged = await Poll.UntilAsync(
                async () => await system.Http.GetStringAsync($"/api/v1/units/{unit}/alarms?state=acknowledged") is var list && list.Contains(patient, StringComparison.Ordinal) ? list : null,
                TimeSpan.FromSeconds(10),
                "the acknowledged alarm in the unit's alarm history");
            Assert.Contains(patient, acknowledged, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_list_acknowledges_with_the_keyboard()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("7");

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await OpenBoardAsync(browser, unit);
            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 212), ("dbp", 100))).StatusCode);
            var button = page.Locator("#alarm-list button[data-ack]");
            await Assertions.Expect(button).ToHaveCountAsync(1, new() { Timeout = 2000 });
            await button.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#alarm-list [data-state='acknowledged']")).ToHaveCountAsync(1, new() { Timeout = 2000 });
        }
    }

    [Fact]
    public async Task A_tile_shows_NEWS2_live_marked_incomplete_until_all_seven_parameters_are_in_then_in_its_band_colour()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("5");

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await OpenBoardAsync(browser, unit);
            var badge = page.Locator($"[data-patient='{patient}'] .news2");
            await Assertions.Expect(badge).ToHaveAttributeAsync("data-news2-band", "none");

            // Five of seven parameters (RCP 2017: RR 22 → 2, SpO2 95 → 1, SBP 105 → 1, pulse 95 → 1, 38.5 °C → 1).
            await _ward.PostReadingsAsync(device, 1, ("rr", 22), ("spo2", 95), ("sbp", 105), ("hr", 95), ("temp", 38.5));
            await Assertions.Expect(badge).ToHaveAttributeAsync("data-news2-band", "incomplete", new() { Timeout = 2000 });
            await Assertions.Expect(badge).ToHaveAttributeAsync("data-news2-score", "6");

            // The nurse adds consciousness (A → 0) and supplemental oxygen (→ 2): 8, high.
            var nurse = await system.Http.PostAsJsonAsync($"/api/v1/patients/{patient}/observations", new
            {
                readings = new object[]
                {
                    new { code = "consciousness", value = "A", at = DateTimeOffset.UtcNow },
                    new { code = "o2", value = true, at = DateTimeOffset.UtcNow },
                },
            });
            Assert.Equal(HttpStatusCode.Accepted, nurse.StatusCode);
            await Assertions.Expect(badge).ToHaveAttributeAsync("data-news2-band", "high", new() { Timeout = 2000 });
            await Assertions.Expect(badge).ToHaveAttributeAsync("data-news2-score", "8");
            Assert.Equal("rgb(183, 28, 28)", await badge.EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));

            // A fresh page reads the same from the board.
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator($"[data-patient='{patient}'] .news2")).ToHaveAttributeAsync("data-news2-band", "high");
        }
    }

    [Fact]
    public async Task After_the_api_restarts_the_page_reconnects_and_shows_an_alarm_raised_while_it_was_down()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("9");
        await _ward.PostReadingsAsync(device, 1, ("sbp", 120));

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await OpenBoardAsync(browser, unit);
            var tile = page.Locator($"[data-patient='{patient}']");
            await Assertions.Expect(tile).ToHaveAttributeAsync("data-alarm-priority", "none");

            await system.RestartApiAsync(async () =>
            {
                await Assertions.Expect(page.Locator("#connection-state")).Not.ToHaveAttributeAsync("data-state", "connected");

                // With the api down, the breach reaches the cluster another way (as through a second api host).
                await using var cluster = await ClusterProbe.ConnectAsync(system);
                var outcome = await cluster.Client.GetDevice(device).IngestAsync(new ReadingBatch(2, [new Reading(VitalSign.SystolicPressure, 212, DateTimeOffset.UtcNow)]));
                Assert.Equal(IngestOutcome.Accepted, outcome.Outcome);
            });

            // The page reconnects by itself (retrying every few seconds) and re-reads the board.
            await Assertions.Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 30_000 });
            await Assertions.Expect(tile).ToHaveAttributeAsync("data-alarm-priority", "medium", new() { Timeout = 5_000 });
            await Assertions.Expect(tile.Locator("[data-vital='sbp']")).ToHaveTextAsync("212");
        }
    }

    [Fact]
    public async Task A_high_priority_breach_turns_the_tile_red_within_two_seconds()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("3");

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await OpenBoardAsync(browser, unit);
            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80), ("dbp", 50))).StatusCode);

            var tile = page.Locator($"[data-patient='{patient}']");
            await Assertions.Expect(tile).ToHaveAttributeAsync("data-alarm-priority", "high", new() { Timeout = 2000 });
            Assert.Equal("rgb(224, 32, 27)", await tile.EvaluateAsync<string>("t => getComputedStyle(t).backgroundColor")); // IEC 60601-1-8 high: red
        }
    }

    [Fact]
    public async Task The_on_call_view_receives_an_escalation_lists_it_after_a_reload_and_acknowledges_it()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("6");
        using var settings = await system.Http.PutAsJsonAsync($"/api/v1/units/{unit}/settings", new { escalationWindowSeconds = 5 });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } }); // a phone
            var onCall = await context.NewPageAsync();
            await onCall.GotoAsync(system.PageUrl("/oncall.html"));
            await Assertions.Expect(onCall.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");

            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80), ("dbp", 50))).StatusCode);

            // Nobody acknowledges: after the unit's 5 s window it escalates, and arrives live.
            // Found by where the patient lies: an alarm id does not name its patient.
            var item = onCall.Locator("#escalations [data-alarm-id]").Filter(new() { HasText = $"{unit} · bed 6" });
            await Assertions.Expect(item).ToHaveCountAsync(1, new() { Timeout = 10_000 });
            await Assertions.Expect(item).ToHaveAttributeAsync("data-priority", "high");
            await Assertions.Expect(item).ToContainTextAsync($"{unit} · bed 6");

            // A fresh page lists it from the server.
            await onCall.ReloadAsync();
            await Assertions.Expect(item).ToHaveCountAsync(1);

            // One tap acknowledges it; it leaves the list and the server agrees.
            await item.Locator("button[data-ack]").ClickAsync();
            await Assertions.Expect(item).ToHaveCountAsync(0);
            // The screens hear of it first; the list is read from the alarm history, written just after.
            await Poll.UntilAsync(
                async () => (await system.Http.GetStringAsync("/api/v1/alarms/escalated")).Contains(patient, StringComparison.Ordinal) ? null : (bool?)true,
                TimeSpan.FromSeconds(5),
                "the acknowledged alarm gone from the server's list of escalations");
        }
    }

    private async Task<IPage> OpenBoardAsync(IBrowser browser, string unit)
    {
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1920, Height = 1080 },
            ReducedMotion = ReducedMotion.Reduce,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(system.PageUrl($"/?unit={unit}"));
        await Assertions.Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
        return page;
    }
}
