using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>NEWS2 observations that go stale: the tile and the patient page say "overdue" with the RCP monitoring frequency.</summary>
public sealed class News2OverdueTests(News2OverdueSystem system) : IClassFixture<News2OverdueSystem>
{
    private const string Green = "rgb(46, 125, 50)"; // the low band's colour: reassuring
    private static readonly TimeSpan StaleAndNoticed = TimeSpan.FromSeconds(40); // 10 s max age, and the grain's next look
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_low_score_shows_its_monitoring_frequency_then_obs_overdue_not_in_green_once_its_observations_go_stale()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("1");

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, ReducedMotion = ReducedMotion.Reduce });
            var board = await context.NewPageAsync();
            await board.GotoAsync(system.PageUrl($"/?unit={unit}"));
            await Assertions.Expect(board.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
            var badge = board.Locator($"[data-patient='{patient}'] .news2");

            // All seven parameters (RCP 2017: SpO2 95 → 1, the rest 0): NEWS2 1, low, observed at least 4–6-hourly.
            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("rr", 16), ("spo2", 95), ("sbp", 120), ("hr", 70), ("temp", 37))).StatusCode);
            var nurse = await system.Http.PostAsJsonAsync($"/api/v1/patients/{patient}/observations", new
            {
                readings = new object[]
                {
                    new { code = "consciousness", value = "A", at = DateTimeOffset.UtcNow },
                    new { code = "o2", value = false, at = DateTimeOffset.UtcNow },
                },
            });
            Assert.Equal(HttpStatusCode.Accepted, nurse.StatusCode);
            await Assertions.Expect(badge).ToHaveAttributeAsync("data-news2-band", "low", new() { Timeout = 5000 });
            await Assertions.Expect(badge.Locator(".news2-frequency")).ToHaveTextAsync("4–6-hourly");
            await Assertions.Expect(badge).Not.ToHaveAttributeAsync("data-news2-overdue", "true");

            // Nothing new comes: once the parameters are stale the tile says so, with the frequency, and is not green.
            await Assertions.Expect(badge).ToHaveAttributeAsync("data-news2-overdue", "true", new() { Timeout = (float)StaleAndNoticed.TotalMilliseconds });
            await Assertions.Expect(badge.Locator(".news2-overdue")).ToHaveTextAsync("obs overdue · 4–6-hourly");
            Assert.NotEqual(Green, await badge.EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
            await Assertions.Expect(board.Locator($"[data-patient='{patient}'] .tile-alarms")).ToContainTextAsync("NEWS2 observations overdue · 4–6-hourly");

            // The patient page shows the same.
            var detail = await context.NewPageAsync();
            await detail.GotoAsync(system.PageUrl($"/patient.html?patient={patient}"));
            await Assertions.Expect(detail.Locator("#news2 .news2-overdue")).ToHaveTextAsync("obs overdue · 4–6-hourly");
        }
    }
}
