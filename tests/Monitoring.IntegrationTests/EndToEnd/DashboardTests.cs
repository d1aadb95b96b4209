using System.Net;
using Microsoft.Playwright;
using Monitoring.IntegrationTests.Infrastructure;

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
            await page.GotoAsync(new Uri(system.ApiUrl, $"/?unit={unit}").ToString());
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
}
