using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>The alarm analytics page in Chromium, as a unit's nurse lead uses it on the central station's screen.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class AnalyticsPageTests(RunningSystem system)
{
    [Fact]
    public async Task A_nurse_lead_sees_her_units_last_seven_days_as_the_API_gives_them_with_charts_drawn_and_exports_the_same_rows_as_CSV()
    {
        var week = await AlarmWeek.SeedAsync(system, DateTimeOffset.UtcNow.AddDays(-8));
        var lead = Lead(week.Unit);

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, AcceptDownloads = true });
            await page.GotoAsync(system.PageUrl($"/analytics.html?unit={week.Unit}", lead));
            await Assertions.Expect(page.Locator("main")).ToHaveAttributeAsync("aria-busy", "false");
            await Assertions.Expect(page.Locator("#unit-select")).ToHaveValueAsync(week.Unit);

            // The page's period, asked of the API directly: the same figures.
            var shown = page.Locator("#period-shown");
            var (from, to) = (await shown.GetAttributeAsync("data-from"), await shown.GetAttributeAsync("data-to"));
            Assert.Equal(TimeSpan.FromDays(7), DateTimeOffset.Parse(to!, CultureInfo.InvariantCulture) - DateTimeOffset.Parse(from!, CultureInfo.InvariantCulture));
            var query = $"from={Uri.EscapeDataString(from!)}&to={Uri.EscapeDataString(to!)}";
            var analytics = await GetAsync(lead, $"/api/v1/units/{week.Unit}/alarm-analytics?{query}");
            var totals = analytics.GetProperty("totals");
            Assert.True(totals.GetProperty("raised").GetInt32() > 20);
            await AssertFigureAsync(page, "raised", totals.GetProperty("raised"), totals.GetProperty("raised").GetInt32().ToString(CultureInfo.InvariantCulture));
            await AssertFigureAsync(page, "alarmsPerBedDay", analytics.GetProperty("alarmsPerBedDay"), analytics.GetProperty("alarmsPerBedDay").GetDouble().ToString("0.00", CultureInfo.InvariantCulture));
            await AssertFigureAsync(page, "selfResolvedShare", totals.GetProperty("selfResolvedShare"), (totals.GetProperty("selfResolvedShare").GetDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %");
            await AssertFigureAsync(page, "acknowledgeP50Seconds", totals.GetProperty("acknowledgeP50Seconds"), null);
            await AssertFigureAsync(page, "acknowledgeP90Seconds", totals.GetProperty("acknowledgeP90Seconds"), null);
            await AssertFigureAsync(page, "escalations", totals.GetProperty("escalations"), totals.GetProperty("escalations").GetInt32().ToString(CultureInfo.InvariantCulture));
            await AssertFigureAsync(page, "reAlarms", totals.GetProperty("reAlarms"), totals.GetProperty("reAlarms").GetInt32().ToString(CultureInfo.InvariantCulture));

            // The charts are drawn, one point per day; the top tables list what the API ranks, in its order.
            var days = analytics.GetProperty("days").GetArrayLength();
            foreach (var chart in new[] { "#chart-daily", "#chart-acknowledge" })
            {
                await Assertions.Expect(page.Locator(chart)).ToHaveAttributeAsync("data-points", days.ToString(CultureInfo.InvariantCulture));
                await Assertions.Expect(page.Locator($"{chart} canvas")).ToHaveCountAsync(1);
            }

            Assert.Equal(
                analytics.GetProperty("topConditions").EnumerateArray().Select(c => c.GetProperty("code").GetString()!),
                await page.Locator("#top-conditions tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)"));
            Assert.Equal(
                analytics.GetProperty("topBeds").EnumerateArray().Select(b => "Bed " + b.GetProperty("bed").GetString()),
                await page.Locator("#top-beds tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)"));
            Assert.Equal(
                analytics.GetProperty("topConditions").EnumerateArray().Select(c => c.GetProperty("figures").GetProperty("raised").GetInt32().ToString(CultureInfo.InvariantCulture)),
                await page.Locator("#top-conditions tbody tr td:nth-child(2)").AllTextContentsAsync());

            // Export: a CSV file of the same period, row for row what the API's export gives.
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
            Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
            Assert.Contains(week.Unit, download.SuggestedFilename, StringComparison.Ordinal);
            var downloaded = Csv.Parse(await File.ReadAllTextAsync((await download.PathAsync())!));
            var expected = Csv.Parse(await GetTextAsync(lead, $"/api/v1/units/{week.Unit}/alarm-analytics.csv?{query}"));
            Assert.True(expected.Count > 20);
            Assert.Equal(expected, downloaded);
            Assert.Equal(analytics.GetProperty("cells").GetArrayLength(), downloaded.Count - 1);
        }
    }

    [Fact]
    public async Task A_custom_period_is_whole_local_days_and_one_longer_than_31_days_is_refused_in_the_servers_words()
    {
        var unit = WardClient.NewId("unit");
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, TimezoneId = "Europe/Berlin" });
            var page = await context.NewPageAsync();
            await page.GotoAsync(system.PageUrl($"/analytics.html?unit={unit}", Lead(unit)));
            await Assertions.Expect(page.Locator("main")).ToHaveAttributeAsync("aria-busy", "false");

            await page.Locator("#period").SelectOptionAsync("custom");
            await page.Locator("#custom-from").FillAsync("2026-11-02");
            await page.Locator("#custom-to").FillAsync("2026-11-08");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

            // Berlin's midnights (UTC+1 in November), the last day included.
            var shown = page.Locator("#period-shown");
            await Assertions.Expect(shown).ToHaveAttributeAsync("data-from", new System.Text.RegularExpressions.Regex("^2026-11-01T23:00:00"));
            Assert.Equal(DateTimeOffset.Parse("2026-11-08T23:00:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse((await shown.GetAttributeAsync("data-to"))!, CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("[data-figure='raised'] dd")).ToHaveTextAsync("0");

            await page.Locator("#custom-from").FillAsync("2026-09-01");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
            await Assertions.Expect(page.Locator("#error-banner")).ToContainTextAsync("at most 31 days");
        }
    }

    [Fact]
    public async Task The_central_station_links_to_the_analytics_for_a_nurse_lead_and_not_for_a_nurse()
    {
        var unit = WardClient.NewId("unit");
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var lead = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
            await lead.GotoAsync(system.PageUrl($"/?unit={unit}", Lead(unit)));
            var link = lead.GetByRole(AriaRole.Link, new() { Name = "Alarm analytics" });
            await Assertions.Expect(link).ToBeVisibleAsync();
            await Assertions.Expect(link).ToHaveAttributeAsync("href", $"/analytics.html?unit={unit}");

            var nurse = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
            var me = nurse.WaitForResponseAsync(r => r.Url.EndsWith("/api/v1/me", StringComparison.Ordinal));
            await nurse.GotoAsync(system.PageUrl($"/?unit={unit}", system.Tokens.For("nurse-3", ["nurse"], unit)));
            Assert.Equal(200, (await me).Status);
            await Assertions.Expect(nurse.Locator("#analytics-link")).ToBeHiddenAsync();
        }
    }

    private static async Task AssertFigureAsync(IPage page, string name, JsonElement value, string? text)
    {
        var figure = page.Locator($"#headline [data-figure='{name}']");
        var shown = await figure.GetAttributeAsync("data-value");
        if (value.ValueKind == JsonValueKind.Null)
        {
            Assert.Equal("", shown);
        }
        else
        {
            Assert.Equal(value.GetDouble(), double.Parse(shown!, CultureInfo.InvariantCulture), 9);
        }

        if (text is not null)
        {
            await Assertions.Expect(figure.Locator("dd")).ToHaveTextAsync(text);
        }
    }

    private string Lead(string unit) => system.Tokens.For("lead-1", ["nurse", "nurse-lead"], unit);

    private async Task<JsonElement> GetAsync(string token, string path) => JsonDocument.Parse(await GetTextAsync(token, path)).RootElement;

    private async Task<string> GetTextAsync(string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = TestTokens.Bearer(token);
        using var response = await system.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return text;
    }
}
