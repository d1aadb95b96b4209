using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>The what-if page, in Chromium, as a unit's admin uses it: a proposal replayed, its flag read, applied with a reason.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class AlarmReplayPageTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task An_admin_sees_that_a_lower_desaturation_limit_loses_todays_desaturation_and_applies_it_only_with_a_reason()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("6");
        await AlarmReplayTests.SendDipAsync(_ward, device);
        await Poll.UntilAsync(async () => await system.Database.ScalarAsync<long>(
            "select count(*) from alarm_history where patient_id = $1 and code = 'spo2-desat' and reason = 'raised'", patient) > 0 ? "stored" : null,
            TimeSpan.FromSeconds(10), "the desaturation in the alarm history");

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
            await page.GotoAsync(system.PageUrl($"/replay.html?unit={unit}"));
            var desaturationLimit = page.GetByLabel("spo2-desat limit");
            await Assertions.Expect(desaturationLimit).ToHaveValueAsync("80");
            await desaturationLimit.FillAsync("75");

            await page.Locator("#run").ClickAsync();
            await Assertions.Expect(page.Locator("#progress")).ToContainTextAsync("Done: 1 patients", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("#flag")).ToContainTextAsync("Flagged: the proposal loses 1");
            await Assertions.Expect(page.Locator("#stored")).ToHaveTextAsync("1");
            await Assertions.Expect(page.Locator("#proposed")).ToHaveTextAsync("0");
            var lost = page.Locator(".replay-changes tr[data-flagged='true']");
            await Assertions.Expect(lost).ToHaveCountAsync(1);
            await Assertions.Expect(lost).ToContainTextAsync("spo2-desat");
            await Assertions.Expect(lost).ToContainTextAsync("lost");

            await page.Locator("#apply-button").ClickAsync();
            await Assertions.Expect(page.Locator("#error-list")).ToContainTextAsync("reason:");
            Assert.Equal(80, await DesaturationLimitAsync(unit));

            await page.Locator("#reason").FillAsync("Probe artefact on this unit; reviewed with the charge nurse");
            await page.Locator("#apply-button").ClickAsync();
            await Assertions.Expect(page.Locator("#applied")).ToContainTextAsync($"Applied by {TestTokens.StaffSubject}");
            await Assertions.Expect(page.Locator("#apply-button")).ToBeDisabledAsync();
            Assert.Equal(75, await DesaturationLimitAsync(unit));
        }
    }

    private async Task<double> DesaturationLimitAsync(string unit) =>
        (await _ward.GetJsonAsync($"/api/v1/units/{unit}/limits")).GetProperty("spo2").GetProperty("lowTiers").EnumerateArray()
            .Single(t => t.GetProperty("code").GetString() == "spo2-desat").GetProperty("limit").GetDouble();
}
